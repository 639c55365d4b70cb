// Edm.Profiling HTML report. Draws the data embedded in #edm-data. Every name from the data goes
// onto the page as text (textContent, attribute values), never as markup.
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('edm-data').textContent);
  var main = document.getElementById('report');
  var nav = document.getElementById('nav');
  var SVG = 'http://www.w3.org/2000/svg';
  var ROW = 18;

  // ---- building blocks ----------------------------------------------------------------

  function el(tag, props, children) {
    var node = document.createElement(tag);
    setProps(node, props);
    (children || []).forEach(function (child) {
      if (child !== null && child !== undefined) {
        node.appendChild(typeof child === 'string' ? document.createTextNode(child) : child);
      }
    });
    return node;
  }

  function svg(tag, props) {
    var node = document.createElementNS(SVG, tag);
    setProps(node, props);
    return node;
  }

  function setProps(node, props) {
    Object.keys(props || {}).forEach(function (key) {
      var value = props[key];
      if (key === 'text') {
        node.textContent = value;
      } else if (key.indexOf('on') === 0) {
        node.addEventListener(key.slice(2), value);
      } else {
        node.setAttribute(key, String(value));
      }
    });
  }

  function section(id, title) {
    var body = el('section', { id: id, 'aria-labelledby': id + '-title' }, [el('h2', { id: id + '-title', text: title })]);
    main.appendChild(body);
    nav.appendChild(el('a', { href: '#' + id, text: title }));
    return body;
  }

  function fmtNs(ns) {
    if (ns === null || ns === undefined) { return '-'; }
    if (ns < 1e3) { return Math.round(ns) + ' ns'; }
    if (ns < 1e6) { return (ns / 1e3).toFixed(1) + ' µs'; }
    if (ns < 1e9) { return (ns / 1e6).toFixed(1) + ' ms'; }
    return (ns / 1e9).toFixed(2) + ' s';
  }

  function fmtBytes(bytes) {
    if (bytes === null || bytes === undefined) { return '-'; }
    if (bytes < 1024) { return Math.round(bytes) + ' B'; }
    if (bytes < 1048576) { return (bytes / 1024).toFixed(1) + ' KiB'; }
    if (bytes < 1073741824) { return (bytes / 1048576).toFixed(1) + ' MiB'; }
    return (bytes / 1073741824).toFixed(2) + ' GiB';
  }

  function fmtCount(n) { return n === null || n === undefined ? '-' : Math.round(n).toLocaleString('en-US'); }
  function fmtShare(x) { return x === null || x === undefined ? '-' : (x * 100).toFixed(1) + '%'; }
  function fmtChange(ratio) { return (ratio >= 1 ? '+' : '') + ((ratio - 1) * 100).toFixed(1) + '%'; }

  function fmtMetric(metric, value) {
    if (value === null || value === undefined) { return '-'; }
    if (metric === 'WallTime') { return fmtNs(value); }
    if (metric === 'AllocatedBytesPerCall') { return fmtBytes(value); }
    return fmtCount(value);
  }

  function badge(verdict) { return el('span', { class: 'badge v-' + verdict, text: verdict }); }

  // ---- sortable table -----------------------------------------------------------------

  // columns: { label, value(row) -> sortable value, cell(row) -> string or node, cls }
  function sortableTable(columns, rows, sortIndex, descending) {
    var table = el('table', { class: 'sortable' });
    var headRow = el('tr');
    var body = el('tbody');
    var state = { index: sortIndex, descending: descending };
    var heads = columns.map(function (column, i) {
      var th = el('th', { class: column.cls || '', scope: 'col' }, [
        el('button', { type: 'button', text: column.label, onclick: function () { sortBy(i); } })]);
      headRow.appendChild(th);
      return th;
    });

    function compare(a, b) {
      var x = columns[state.index].value(a);
      var y = columns[state.index].value(b);
      var missing = (x === null || x === undefined) - (y === null || y === undefined);
      if (missing !== 0) { return missing; }
      var order = typeof x === 'string' ? x.localeCompare(y) : x - y;
      return state.descending ? -order : order;
    }

    function draw() {
      heads.forEach(function (th, i) {
        if (i === state.index) { th.setAttribute('aria-sort', state.descending ? 'descending' : 'ascending'); } else { th.removeAttribute('aria-sort'); }
      });
      var sorted = rows.slice().sort(compare);
      body.replaceChildren.apply(body, sorted.map(function (row) {
        return el('tr', null, columns.map(function (column) {
          var content = column.cell(row);
          return el('td', { class: column.cls || '' }, [typeof content === 'string' ? content : content]);
        }));
      }));
    }

    function sortBy(i) {
      state.descending = i === state.index ? !state.descending : columns[i].cls !== 'name';
      state.index = i;
      draw();
    }

    table.appendChild(el('thead', null, [headRow]));
    table.appendChild(body);
    draw();
    return el('div', { class: 'table-wrap' }, [table]);
  }

  // ---- summary ------------------------------------------------------------------------

  function drawSummary() {
    var s = data.session;
    var box = section('summary', 'Summary');
    var facts = el('dl', { class: 'facts' });
    function fact(name, value) {
      if (value !== null && value !== undefined && value !== '') {
        facts.appendChild(el('dt', { text: name }));
        facts.appendChild(el('dd', { text: String(value) }));
      }
    }

    if (s) {
      fact('Session', s.name);
      fact('Started', s.startedAt);
      fact('Duration', fmtNs(s.durationNs));
      fact('Methods called', fmtCount(data.methods.length));
      fact('Commit', s.commit);
      fact('Branch', s.branch);
      fact('Runtime', s.runtime + ' (' + s.configuration + ')');
      fact('Machine', s.cpu + ', ' + s.cores + ' logical cores, ' + s.os);
      fact('Probe overhead', s.overhead);
      fact('Timeline', s.timeline ? (s.droppedTimelineEvents > 0 ? 'recorded, ' + fmtCount(s.droppedTimelineEvents) + ' events dropped at the cap' : 'recorded') : 'not recorded');
    }

    var c = data.comparison;
    if (c) {
      fact('Current', c.currentName);
      fact(c.pairs ? 'A (paired over ' + c.pairs + ' interleaved runs)' : 'Baseline', c.baselineName);
      fact('Thresholds', 'time ' + fmtShare(c.timeThreshold) + ', allocations ' + fmtShare(c.allocationThreshold));
    }

    box.appendChild(facts);
    if (c) {
      box.appendChild(el('div', { class: 'counts' }, Object.keys(c.counts).map(function (verdict) {
        return el('span', { class: 'badge v-' + verdict, text: c.counts[verdict] + ' ' + verdict.toLowerCase() });
      })));
      if (c.incomparableReason) {
        box.appendChild(el('p', { class: 'warnings', text: 'Not comparable: ' + c.incomparableReason }));
      }
      (c.warnings || []).forEach(function (w) {
        box.appendChild(el('p', { class: 'warnings', text: 'Warning: ' + w }));
      });
    }

    if (s && s.warnings.length) {
      box.appendChild(el('ul', { class: 'warnings' }, s.warnings.map(function (w) { return el('li', { text: w }); })));
    }

    if (s && s.costlyMethods && s.costlyMethods.length) {
      box.appendChild(el('p', { class: 'hint', text: 'Probe overhead: methods whose probe is a large share of their time' }));
      box.appendChild(el('ul', { class: 'warnings' }, s.costlyMethods.map(function (w) { return el('li', { text: w }); })));
    }
  }

  // ---- method table -------------------------------------------------------------------

  function drawMethods() {
    if (!data.methods.length && !data.unprobed.length) { return; }
    var box = section('methods', 'Methods');
    var total = data.methods.reduce(function (sum, m) { return sum + m.selfNs; }, 0) || 1;
    // Calibrated sessions (see "Probe overhead" in docs/session-format.md) also give self time without the probes' cost.
    var compensated = data.methods.some(function (m) { return m.compensatedSelfNs !== null && m.compensatedSelfNs !== undefined; });
    box.appendChild(el('p', { class: 'hint', text: 'Click a column to sort. Self time excludes profiled callees; off-CPU is the share of sampled wall time the thread did not run (I/O, waits); faulted counts the calls that ended with an exception (a cancelled task included), which are in the other figures too.' }));
    box.appendChild(sortableTable([
      { label: 'method', cls: 'name', value: function (m) { return m.name; }, cell: function (m) { return m.name; } },
      { label: 'calls', value: function (m) { return m.calls; }, cell: function (m) { return callsCell(m); } },
      { label: 'self', value: function (m) { return m.selfNs; }, cell: function (m) { return fmtNs(m.selfNs) + (m.sampled ? ' ' + m.sampled : ''); } },
      compensated ? { label: 'self w/o probes', value: function (m) { return m.compensatedSelfNs; }, cell: function (m) { return m.compensatedSelfNs === null || m.compensatedSelfNs === undefined ? '-' : fmtNs(m.compensatedSelfNs); } } : null,
      { label: 'self %', value: function (m) { return m.selfNs; }, cell: function (m) { return fmtShare(m.selfNs / total); } },
      { label: 'inclusive', value: function (m) { return m.inclusiveNs; }, cell: function (m) { return fmtNs(m.inclusiveNs); } },
      { label: 'mean', value: function (m) { return m.meanNs; }, cell: function (m) { return fmtNs(m.meanNs); } },
      { label: 'p50', value: function (m) { return m.p50Ns; }, cell: function (m) { return fmtNs(m.p50Ns); } },
      { label: 'p90', value: function (m) { return m.p90Ns; }, cell: function (m) { return fmtNs(m.p90Ns); } },
      { label: 'p99', value: function (m) { return m.p99Ns; }, cell: function (m) { return fmtNs(m.p99Ns); } },
      { label: 'max', value: function (m) { return m.maxNs; }, cell: function (m) { return fmtNs(m.maxNs); } },
      { label: 'allocated', value: function (m) { return m.allocatedBytes; }, cell: function (m) { return fmtBytes(m.allocatedBytes); } },
      { label: 'off-CPU', value: function (m) { return m.offCpuShare; }, cell: function (m) { return fmtShare(m.offCpuShare); } },
      { label: 'faulted', value: function (m) { return m.faultedCalls; }, cell: function (m) { return fmtCount(m.faultedCalls); } }
    ].filter(function (column) { return column !== null; }), data.methods, 2, true));
    drawUnprobed(box);
  }

  // A count that misses calls says so beside the figure; the note under the table says why.
  function callsCell(m) {
    if (!m.unprobed) { return fmtCount(m.calls); }
    return el('span', null, [fmtCount(m.calls) + ' ', el('span', { class: 'unprobed', title: m.unprobed, text: '(+' + fmtCount(m.unprobedSites) + ' not probed)' })]);
  }

  function drawUnprobed(box) {
    if (!data.unprobed.length) { return; }
    box.appendChild(el('h3', { id: 'unprobed', text: 'Not probed: calls these counts leave out' }));
    box.appendChild(el('p', { class: 'hint', text: 'Uses of these methods the build could not intercept (counted per place in the source, from every assembly built with EdmProfiling=true). Calls made through them run without the probe, so the counts above leave them out.' }));
    box.appendChild(el('ul', { class: 'unprobed-list' }, data.unprobed.map(function (u) {
      return el('li', null, [
        el('span', { class: 'name', text: u.name }), ': ',
        el('strong', { text: u.note }),
        u.called ? '' : ', no probed call',
        '. ',
        el('span', { class: 'why', text: u.why })
      ]);
    })));
  }

  // ---- flamegraphs --------------------------------------------------------------------

  // The tree as linked nodes under a synthetic root; children heaviest first.
  function buildTree(tree) {
    var byId = new Map();
    tree.nodes.forEach(function (a) {
      byId.set(a[0], { id: a[0], parentId: a[1], name: tree.names[a[2]], calls: a[3], incl: a[4], self: a[5], sampled: a[6] === 1, children: [], parent: null });
    });
    var root = { id: null, name: 'all: ' + tree.label, calls: 0, self: 0, incl: 0, children: [], parent: null, depth: 0 };
    byId.forEach(function (node) {
      var parent = node.parentId >= 0 ? byId.get(node.parentId) : undefined;
      if (parent && parent !== node) { parent.children.push(node); node.parent = parent; } else { root.children.push(node); node.parent = root; }
    });
    // Depth by walking from the root; nodes in a cycle of parent ids (a damaged file) are never reached.
    var order = [];
    var stack = [root];
    while (stack.length) {
      var node = stack.pop();
      order.push(node);
      node.children.sort(function (a, b) { return b.incl - a.incl || a.id - b.id; });
      for (var i = node.children.length - 1; i >= 0; i--) {
        node.children[i].depth = node.depth + 1;
        stack.push(node.children[i]);
      }
    }
    root.incl = root.children.reduce(function (sum, n) { return sum + n.incl; }, 0);
    return { root: root, order: order, byId: byId };
  }

  function pathKey(node) {
    var names = [];
    for (var n = node; n && n.id !== null; n = n.parent) { names.push(n.name); }
    return names.reverse().join('\u0000');
  }

  function hashHue(name) {
    var h = 0;
    for (var i = 0; i < name.length; i++) { h = (h * 31 + name.charCodeAt(i)) | 0; }
    return Math.abs(h) % 55;
  }

  // options: { baseline: built baseline tree or null, threshold, bytes: true for an allocation flamegraph }
  function flamegraph(box, tree, options) {
    var built = buildTree(tree);
    var root = built.root;
    var baseByKey = null;
    if (options.baseline) {
      baseByKey = new Map();
      options.baseline.order.forEach(function (n) { if (n.id !== null) { baseByKey.set(pathKey(n), n); } });
    }

    var search = el('input', { type: 'search', placeholder: 'Search methods', 'aria-label': 'Search methods' });
    var reset = el('button', { type: 'button', text: 'Reset zoom' });
    var matched = el('span', { class: 'hint' });
    var toolbar = el('div', { class: 'toolbar' }, [search, reset, matched]);
    if (options.baseline) {
      toolbar.appendChild(el('span', { class: 'legend hint' }, [
        el('span', { class: 'slower' }), 'slower', el('span', { class: 'faster' }), 'faster',
        el('span', { class: 'same' }), 'within ' + fmtShare(options.threshold), el('span', { class: 'added' }), 'not in the baseline']));
    }

    var chart = el('div', { class: 'flame', role: 'img', 'aria-label': 'Flamegraph of the call tree' });
    var details = el('div', { class: 'details', 'aria-live': 'polite' });
    box.appendChild(toolbar);
    box.appendChild(chart);
    box.appendChild(details);

    var maxDepth = built.order.reduce(function (d, n) { return Math.max(d, n.depth); }, 0);
    chart.style.height = ((maxDepth + 1) * ROW) + 'px';

    // Bytes for an allocation flamegraph, time otherwise.
    var fmt = options.bytes ? fmtBytes : fmtNs;

    function describe(node) {
      if (options.bytes) {
        var share = fmtShare(node.incl / (root.incl || 1));
        if (node.id === null) { return node.name + ' — about ' + fmt(node.incl) + ' allocated (estimates)'; }
        return node.name + ' — about ' + fmt(node.incl) + ' (' + share + ') allocated at or below, ' + fmt(node.self) + ' in ' + (node.sampled ? 'the frame' : 'the method') + ' itself' +
          (node.sampled ? '' : ', ' + fmtCount(node.calls) + (node.calls === 1 ? ' call' : ' calls')) + ' (estimates)';
      }
      if (node.sampled) {
        return node.name + ' — sampled: about ' + fmtNs(node.incl) + ' (' + fmtShare(node.incl / (root.incl || 1)) + '), ' + fmtCount(node.calls) + ' samples, ' + fmtNs(node.self) + ' in the frame itself (estimates)';
      }
      var text = node.name + ' — inclusive ' + fmtNs(node.incl) + ' (' + fmtShare(node.incl / (root.incl || 1)) + ')';
      if (node.id !== null) { text += ', self ' + fmtNs(node.self) + ', ' + fmtCount(node.calls) + (node.calls === 1 ? ' call' : ' calls'); }
      if (baseByKey && node.id !== null) {
        var base = baseByKey.get(pathKey(node));
        text += base ? ', baseline ' + fmtNs(base.incl) + ' (' + (base.incl > 0 ? fmtChange(node.incl / base.incl) : 'was 0') + ')' : ', not in the baseline';
      }
      return text;
    }

    function colour(node) {
      if (node.id === null) { return ''; }
      if (node.sampled) { return 'hsl(' + (190 + hashHue(node.name)) + ', 45%, ' + (80 + (node.depth % 3) * 3) + '%)'; }
      if (!baseByKey) { return 'hsl(' + (10 + hashHue(node.name)) + ', 85%, ' + (62 + (node.depth % 3) * 4) + '%)'; }
      var base = baseByKey.get(pathKey(node));
      if (!base) { return 'hsl(280, 55%, 70%)'; }
      if (base.incl <= 0 && node.incl <= 0) { return 'hsl(0, 0%, 82%)'; }
      var ratio = base.incl > 0 ? node.incl / base.incl : Infinity;
      if (Math.abs(ratio - 1) <= options.threshold) { return 'hsl(0, 0%, 82%)'; }
      var strength = Math.min(1, Math.abs(Math.log(ratio) / Math.LN2));
      var light = 88 - 30 * strength;
      return ratio > 1 ? 'hsl(0, 80%, ' + light + '%)' : 'hsl(215, 80%, ' + light + '%)';
    }

    built.order.forEach(function (node) {
      var frame = el('div', { class: node.id === null ? 'frame root' : node.sampled ? 'frame sampled' : 'frame', title: describe(node) });
      if (node.id !== null) { frame.setAttribute('data-node', String(node.id)); }
      frame.textContent = node.name;
      var fill = colour(node);
      if (fill) { frame.style.backgroundColor = fill; }
      frame.addEventListener('click', function () { zoom(node); });
      frame.addEventListener('mouseenter', function () { details.textContent = describe(node); });
      node.element = frame;
      chart.appendChild(frame);
    });

    // Places the zoomed node across the full width, its ancestors above it, its subtree below in
    // proportion to inclusive time; children that add up to more than their parent (async) are shrunk.
    function zoom(target) {
      built.order.forEach(function (n) { n.shown = false; });
      for (var a = target.parent; a; a = a.parent) { a.shown = true; a.x = 0; a.w = 1; a.element.classList.add('ancestor'); }
      target.x = 0;
      target.w = 1;
      var stack = [target];
      while (stack.length) {
        var node = stack.pop();
        node.shown = true;
        node.element.classList.remove('ancestor');
        var sum = node.children.reduce(function (s, c) { return s + c.incl; }, 0);
        var scale = node.incl > 0 ? Math.min(1, sum > 0 ? node.incl / sum : 1) * node.w / node.incl : 0;
        var x = node.x;
        node.children.forEach(function (child) {
          child.x = x;
          child.w = child.incl * scale;
          x += child.w;
          stack.push(child);
        });
      }
      var pixels = chart.clientWidth || 1000;
      built.order.forEach(function (n) {
        var style = n.element.style;
        if (!n.shown) { n.element.classList.add('hidden'); return; }
        n.element.classList.remove('hidden');
        // A bar too narrow for a label loses its padding, so it never spills over its neighbours.
        n.element.classList.toggle('tiny', n.w * pixels < 12);
        style.left = (n.x * 100) + '%';
        style.width = (n.w * 100) + '%';
        style.top = (n.depth * ROW) + 'px';
      });
      reset.disabled = target === root;
    }

    function find() {
      var query = search.value.trim().toLowerCase();
      var total = 0;
      built.order.forEach(function (node) {
        var hit = query !== '' && node.id !== null && node.name.toLowerCase().indexOf(query) >= 0;
        node.element.classList.toggle('match', hit);
        node.hit = hit;
        // Count a match once, not again under a matching ancestor.
        if (hit && !(node.parent && node.parent.coveredByHit)) { total += node.incl; }
        node.coveredByHit = hit || !!(node.parent && node.parent.coveredByHit);
      });
      matched.textContent = query === '' ? '' : 'Matched: ' + fmt(total) + ' (' + fmtShare(total / (root.incl || 1)) + ' of the total)';
    }

    search.addEventListener('input', find);
    reset.addEventListener('click', function () { zoom(root); });
    zoom(root);
    return built;
  }

  function drawFlamegraphs() {
    if (!data.tree) { return null; }
    var box = section('flamegraph', 'Flamegraph');
    box.appendChild(el('p', { class: 'hint', text: 'Each bar is a call path; its width is the path\'s inclusive time. Click a bar to zoom into it, search to highlight methods.' +
      (data.sampledTree ? ' Blue-grey, italic bars are frames known from CPU samples (the code inside and between the probes): their widths are estimates, samples × the sampling interval.' : '') }));
    flamegraph(box, data.sampledTree || data.tree, { baseline: null, threshold: 0 });

    if (data.baselineTree) {
      var diff = section('differential', 'Differential flamegraph');
      diff.appendChild(el('p', { class: 'hint', text: 'The current call tree, each path coloured by the change of its total (inclusive) time against the baseline "' + data.baselineTree.label + '": red slower, blue faster, deeper for larger changes. The comparison table judges something else, each method\'s per-call durations with a rank test, so a path can be red (more calls, say) while its method is Unchanged, or grey while a verdict says Regressed.' }));
      var threshold = data.comparison ? data.comparison.timeThreshold : 0.05;
      flamegraph(diff, data.tree, { baseline: buildTree(data.baselineTree), threshold: threshold });
    }
  }

  // ---- allocations --------------------------------------------------------------------

  function drawAllocations() {
    var a = data.allocations;
    if (!a || !data.allocationTree) { return; }
    var box = section('allocations', 'Allocations');
    box.appendChild(el('p', { class: 'hint', text: 'Sampled allocations (' + a.source + ', ' + fmtCount(a.events) + ' events): about ' + fmtBytes(a.estimatedBytes) + ' in ' + fmtCount(a.estimatedObjects) +
      ' objects. Each bar is a call path, its width the bytes allocated at or below it; blue-grey bars are frames known from the allocation stacks. Every figure is an estimate scaled from the events; the methods table\'s "allocated" column is exact.' }));
    flamegraph(box, data.allocationTree, { baseline: null, threshold: 0, bytes: true });
    var total = a.estimatedBytes || 1;
    box.appendChild(el('h3', { text: 'By type' }));
    box.appendChild(sortableTable([
      { label: 'type', cls: 'name', value: function (t) { return t.name; }, cell: function (t) { return t.name; } },
      { label: 'bytes', value: function (t) { return t.estimatedBytes; }, cell: function (t) { return fmtBytes(t.estimatedBytes); } },
      { label: 'share', value: function (t) { return t.estimatedBytes; }, cell: function (t) { return fmtShare(t.estimatedBytes / total); } },
      { label: 'objects', value: function (t) { return t.estimatedObjects; }, cell: function (t) { return fmtCount(t.estimatedObjects); } },
      { label: 'events', value: function (t) { return t.events; }, cell: function (t) { return fmtCount(t.events); } }
    ], a.types, 1, true));
    if (a.sites.length) {
      box.appendChild(el('h3', { text: 'By site' }));
      box.appendChild(sortableTable([
        { label: 'method', cls: 'name', value: function (x) { return x.method; }, cell: function (x) { return x.method; } },
        { label: 'line', cls: 'text', value: function (x) { return x.where || ''; }, cell: function (x) { return x.where || '-'; } },
        { label: 'top type', cls: 'text', value: function (x) { return x.topType || ''; }, cell: function (x) { return x.topType || '-'; } },
        { label: 'bytes', value: function (x) { return x.estimatedBytes; }, cell: function (x) { return fmtBytes(x.estimatedBytes); } },
        { label: 'share', value: function (x) { return x.estimatedBytes; }, cell: function (x) { return fmtShare(x.estimatedBytes / total); } }
      ], a.sites, 3, true));
    }
  }

  // ---- memory (gc backend, Detailed scopes) -------------------------------------------

  // The heap per generation after each collection (stacked steps), the managed heap and working set
  // readings (lines), each collection as a pause mark, and the outer probe and scope spans below, on
  // one time axis.
  function memoryChart(m) {
    var width = 860, left = 80, right = 24, top = 16, plot = 240, laneHeight = 12;
    var lanes = m.spans.reduce(function (n, s) { return Math.max(n, s[2] + 1); }, 0);
    var spansTop = top + plot + 28;
    var height = spansTop + lanes * (laneHeight + 2) + (lanes ? 8 : 0);
    var chart = svg('svg', { class: 'memory-chart', viewBox: '0 0 ' + width + ' ' + height, role: 'img' });
    var label = svg('title');
    label.textContent = 'Managed heap per generation and working set over the session, with garbage collections';
    chart.appendChild(label);
    var end = Math.max(1, m.durationNs);
    var high = 1;
    m.generations.forEach(function (g) { high = Math.max(high, g[1] + g[2] + g[3] + g[4] + g[5]); });
    m.readings.forEach(function (r) { high = Math.max(high, r[1], r[2]); });
    high *= 1.05;
    function x(ns) { return left + Math.max(0, Math.min(1, ns / end)) * (width - left - right); }
    function y(bytes) { return top + (high - bytes) * plot / high; }
    for (var t = 0; t <= 4; t++) {
      var value = high * t / 4;
      chart.appendChild(svg('line', { class: 'grid', x1: left, x2: width - right, y1: y(value), y2: y(value) }));
      var tick = svg('text', { x: left - 6, y: y(value) + 4, 'text-anchor': 'end' });
      tick.textContent = fmtBytes(value);
      chart.appendChild(tick);
    }
    for (var s = 0; s <= 4; s++) {
      var at = svg('text', { x: x(end * s / 4), y: top + plot + 16, 'text-anchor': 'middle' });
      at.textContent = fmtNs(end * s / 4);
      chart.appendChild(at);
    }
    chart.appendChild(svg('line', { class: 'axis', x1: left, x2: left, y1: top, y2: top + plot }));
    chart.appendChild(svg('line', { class: 'axis', x1: left, x2: width - right, y1: top + plot, y2: top + plot }));

    // Stacked generations, as steps: each collection's sizes hold until the next one.
    var names = ['gen0', 'gen1', 'gen2', 'loh', 'poh'];
    for (var level = names.length; level >= 1; level--) {
      if (!m.generations.length) { break; }
      var points = [];
      m.generations.forEach(function (g, i) {
        var sum = 0;
        for (var k = 1; k <= level; k++) { sum += g[k]; }
        var until = i + 1 < m.generations.length ? m.generations[i + 1][0] : end;
        points.push(x(g[0]) + ',' + y(sum), x(until) + ',' + y(sum));
      });
      var first = m.generations[0][0], last = end;
      var area = svg('polygon', { class: 'gen ' + names[level - 1], points: x(first) + ',' + y(0) + ' ' + points.join(' ') + ' ' + x(last) + ',' + y(0) });
      var areaTip = svg('title');
      areaTip.textContent = names.slice(0, level).join(' + ') + ' after each collection';
      area.appendChild(areaTip);
      chart.appendChild(area);
    }

    chart.appendChild(svg('polyline', { class: 'managed', points: m.readings.map(function (r) { return x(r[0]) + ',' + y(r[1]); }).join(' ') }));
    var sets = m.readings.filter(function (r) { return r[2] >= 0; });
    if (sets.length) {
      chart.appendChild(svg('polyline', { class: 'working-set', points: sets.map(function (r) { return x(r[0]) + ',' + y(r[2]); }).join(' ') }));
    }

    m.collections.forEach(function (c, i) {
      var mark = svg('rect', { class: 'gc-mark g' + c[2], x: x(c[0]), y: top, width: Math.max(1.5, x(c[0] + c[1]) - x(c[0])), height: plot });
      var tip = svg('title');
      tip.textContent = 'gen' + c[2] + ' collection (' + m.reasons[i] + ') at ' + fmtNs(c[0]) + ', pause ' + fmtNs(c[1]);
      mark.appendChild(tip);
      chart.appendChild(mark);
    });

    m.spans.forEach(function (span) {
      var rect = svg('rect', { class: 'span d' + span[2], x: x(span[0]), y: spansTop + span[2] * (laneHeight + 2), width: Math.max(1, x(span[1]) - x(span[0])), height: laneHeight });
      var tip = svg('title');
      tip.textContent = m.spanNames[span[3]] + ': ' + fmtNs(span[0]) + ' to ' + fmtNs(span[1]) + ' (' + fmtNs(span[1] - span[0]) + ')';
      rect.appendChild(tip);
      chart.appendChild(rect);
    });
    return chart;
  }

  function drawMemory() {
    var m = data.memory;
    if (!m) { return; }
    var box = section('memory', 'Memory');
    if (m.readings.length || m.collections.length) {
      var pauses = m.collections.reduce(function (sum, c) { return sum + c[1]; }, 0);
      box.appendChild(el('p', { class: 'hint', text: m.collections.length + ' garbage collections, ' + fmtNs(pauses) + ' paused in all. Shaded: the heap per generation after each collection (gen0, gen1, gen2, large and pinned object heaps); blue line: the managed heap; green line: the working set; red marks: collections, as wide as their pause' +
        (m.spans.length ? '; bars below: the outer probe calls and scopes from the timeline.' : '. Record the timeline (EDM_PROFILING_TIMELINE=1) to see the probe calls below the chart.') }));
      box.appendChild(el('div', { class: 'legend hint' }, [
        el('span', { class: 'gen0' }), 'gen0', el('span', { class: 'gen1' }), 'gen1', el('span', { class: 'gen2' }), 'gen2',
        el('span', { class: 'loh' }), 'LOH', el('span', { class: 'poh' }), 'POH', el('span', { class: 'managed' }), 'managed heap',
        el('span', { class: 'working-set' }), 'working set', el('span', { class: 'gc' }), 'collection']));
      box.appendChild(memoryChart(m));
    }
    if (m.scopes.length) {
      box.appendChild(el('h3', { text: 'Heap change across Detailed scopes' }));
      box.appendChild(el('p', { class: 'hint', text: 'GC.GetTotalMemory at the end of each call minus at its start, summed over the calls (negative: the block freed more than it kept), and the working set\'s change. Both are process-wide: other threads count too.' }));
      box.appendChild(sortableTable([
        { label: 'scope', cls: 'name', value: function (d) { return d.name; }, cell: function (d) { return d.name; } },
        { label: 'calls', value: function (d) { return d.calls; }, cell: function (d) { return fmtCount(d.calls); } },
        { label: 'heap change', value: function (d) { return d.managedBytes; }, cell: function (d) { return fmtSignedBytes(d.managedBytes); } },
        { label: 'smallest a call', value: function (d) { return d.minManagedBytes; }, cell: function (d) { return fmtSignedBytes(d.minManagedBytes); } },
        { label: 'largest a call', value: function (d) { return d.maxManagedBytes; }, cell: function (d) { return fmtSignedBytes(d.maxManagedBytes); } },
        { label: 'working set change', value: function (d) { return d.workingSetBytes; }, cell: function (d) { return fmtSignedBytes(d.workingSetBytes); } }
      ], m.scopes, 2, false));
    }
  }

  function fmtSignedBytes(bytes) { return (bytes < 0 ? '-' : '+') + fmtBytes(Math.abs(bytes)); }

  // ---- comparison ---------------------------------------------------------------------

  var verdictRank = { Regressed: 0, Improved: 1, New: 2, Missing: 3, Unknown: 4, Incomparable: 5, Unchanged: 6 };

  function metricOf(method, metric) {
    for (var i = 0; i < method.metrics.length; i++) { if (method.metrics[i].metric === metric) { return method.metrics[i]; } }
    return null;
  }

  function changeText(m) {
    if (!m || m.ratio === null || m.ratio === undefined) { return '-'; }
    var text = fmtChange(m.ratio);
    if (m.ratioLower !== null && m.ratioLower !== undefined && m.ratioUpper !== null && m.ratioUpper !== undefined) {
      text += ' [' + fmtChange(m.ratioLower) + ', ' + fmtChange(m.ratioUpper) + ']';
    }
    return text;
  }

  function pair(m) {
    if (!m) { return '-'; }
    var none = function (v) { return v === null || v === undefined; };
    if (none(m.baseline)) { return fmtMetric(m.metric, m.current); }
    if (none(m.current)) { return fmtMetric(m.metric, m.baseline); }
    return fmtMetric(m.metric, m.baseline) + ' → ' + fmtMetric(m.metric, m.current);
  }

  function deciding(method) {
    var time = metricOf(method, 'WallTime');
    if (time && time.verdict === method.verdict) { return time; }
    for (var i = 0; i < method.metrics.length; i++) { if (method.metrics[i].verdict === method.verdict) { return method.metrics[i]; } }
    return method.metrics[0] || null;
  }

  function drawComparison() {
    var c = data.comparison;
    if (!c) { return; }
    var box = section('comparison', 'Comparison');
    var onlyChanged = el('input', { type: 'checkbox', id: 'only-changed' });
    box.appendChild(el('div', { class: 'toolbar' }, [onlyChanged, el('label', { for: 'only-changed', text: 'Hide unchanged methods' })]));
    var holder = el('div');
    box.appendChild(holder);
    function ratioOf(method) { var m = metricOf(method, 'WallTime'); return m && m.ratio !== null && m.ratio !== undefined ? m.ratio : null; }
    function draw() {
      var rows = c.methods.filter(function (m) { return !onlyChanged.checked || m.verdict !== 'Unchanged'; });
      holder.replaceChildren(sortableTable([
        { label: 'verdict', value: function (m) { return -verdictRank[m.verdict]; }, cell: function (m) { return badge(m.verdict); } },
        { label: 'method', cls: 'name', value: function (m) { return m.name; }, cell: function (m) { return m.name; } },
        { label: 'time/call', value: function (m) { var t = metricOf(m, 'WallTime'); return t ? t.current : null; }, cell: function (m) { return pair(metricOf(m, 'WallTime')); } },
        { label: 'change', value: ratioOf, cell: function (m) { return changeText(metricOf(m, 'WallTime')); } },
        { label: 'alloc/call', value: function (m) { var a = metricOf(m, 'AllocatedBytesPerCall'); return a ? a.ratio : null; }, cell: function (m) { return pair(metricOf(m, 'AllocatedBytesPerCall')); } },
        { label: 'calls', value: function (m) { var n = metricOf(m, 'Calls'); return n ? n.current : null; }, cell: function (m) { return pair(metricOf(m, 'Calls')); } },
        { label: 'why', cls: 'text', value: function (m) { var d = deciding(m); return d && d.reason ? d.reason : ''; }, cell: function (m) { var d = deciding(m); return d && d.reason ? d.reason : ''; } }
      ], rows, 0, true));
    }
    onlyChanged.addEventListener('change', draw);
    draw();
    drawTypeChanges(box, c);
  }

  // The allocated types whose estimated bytes per call changed most, per method (both runs sampled
  // allocations): information beside the verdicts, as the console and Markdown comparisons list them.
  function drawTypeChanges(box, c) {
    var rows = [];
    c.methods.forEach(function (m) {
      (m.typeChanges || []).forEach(function (t) {
        rows.push({ method: m.name, type: t.type, baseline: t.baselineBytesPerCall, current: t.currentBytesPerCall, change: t.currentBytesPerCall - t.baselineBytesPerCall });
      });
    });
    if (!rows.length) { return; }
    function signed(bytes) { return (bytes >= 0 ? '+' : '−') + fmtBytes(Math.abs(bytes)); }
    var holder = el('div', { class: 'type-changes' });
    holder.appendChild(el('p', { class: 'hint', text: 'Allocated types that changed most per call (sampled estimates, information, not verdicts):' }));
    holder.appendChild(sortableTable([
      { label: 'method', cls: 'name', value: function (r) { return r.method; }, cell: function (r) { return r.method; } },
      { label: 'type', cls: 'name', value: function (r) { return r.type; }, cell: function (r) { return r.type; } },
      { label: 'baseline/call', value: function (r) { return r.baseline; }, cell: function (r) { return fmtBytes(r.baseline); } },
      { label: 'current/call', value: function (r) { return r.current; }, cell: function (r) { return fmtBytes(r.current); } },
      { label: 'change/call', value: function (r) { return Math.abs(r.change); }, cell: function (r) { return signed(r.change); } }
    ], rows, 4, true));
    box.appendChild(holder);
  }

  // ---- trends -------------------------------------------------------------------------

  function trendChart(trend) {
    var width = 860, height = 270, left = 80, right = 24, top = 16, bottom = 48;
    var chart = svg('svg', { class: 'trend', viewBox: '0 0 ' + width + ' ' + height, role: 'img' });
    var label = svg('title');
    label.textContent = trend.name + ' — ' + trend.metric;
    chart.appendChild(label);
    var points = trend.points;
    if (!points.length) { return chart; }
    var values = points.map(function (p) { return p.value; });
    var low = Math.min.apply(null, values), high = Math.max.apply(null, values);
    var pad = (high - low) * 0.1 || Math.abs(high) * 0.1 || 1;
    low = Math.max(0, low - pad);
    high += pad;
    function x(i) { return left + (points.length === 1 ? (width - left - right) / 2 : i * (width - left - right) / (points.length - 1)); }
    function y(v) { return top + (high - v) * (height - top - bottom) / (high - low); }
    for (var t = 0; t <= 4; t++) {
      var value = low + (high - low) * t / 4;
      chart.appendChild(svg('line', { class: 'grid', x1: left, x2: width - right, y1: y(value), y2: y(value) }));
      var tick = svg('text', { x: left - 6, y: y(value) + 4, 'text-anchor': 'end' });
      tick.textContent = fmtMetric(trend.metric, value);
      chart.appendChild(tick);
    }
    chart.appendChild(svg('line', { class: 'axis', x1: left, x2: left, y1: top, y2: height - bottom }));
    chart.appendChild(svg('line', { class: 'axis', x1: left, x2: width - right, y1: height - bottom, y2: height - bottom }));
    (trend.changePoints || []).forEach(function (index) {
      if (index < 0 || index >= points.length) { return; }
      chart.appendChild(svg('line', { class: 'step', x1: x(index), x2: x(index), y1: top, y2: height - bottom }));
      var mark = svg('text', { x: x(index) + 4, y: top + 10 });
      mark.textContent = 'step';
      chart.appendChild(mark);
    });
    chart.appendChild(svg('polyline', { class: 'line', points: points.map(function (p, i) { return x(i) + ',' + y(p.value); }).join(' ') }));
    var every = Math.max(1, Math.ceil(points.length / 10));
    points.forEach(function (p, i) {
      var dot = svg('circle', { class: 'point', cx: x(i), cy: y(p.value), r: 4 });
      var tip = svg('title');
      tip.textContent = p.commit + ' (' + p.recordedAt + '): ' + fmtMetric(trend.metric, p.value);
      dot.appendChild(tip);
      chart.appendChild(dot);
      if (i % every === 0 || i === points.length - 1) {
        var commit = svg('text', { x: x(i), y: height - bottom + 20, 'text-anchor': 'middle' });
        commit.textContent = String(p.commit).slice(0, 8);
        chart.appendChild(commit);
      }
    });
    return chart;
  }

  function drawTrends() {
    if (!data.trends || !data.trends.length) { return; }
    var box = section('trends', 'Trends');
    var choose = el('select', { 'aria-label': 'Method and metric' }, data.trends.map(function (trend, i) {
      return el('option', { value: String(i), text: trend.name + ' — ' + trend.metric });
    }));
    var holder = el('div');
    box.appendChild(el('div', { class: 'toolbar' }, [choose, el('span', { class: 'hint', text: 'Oldest run on the left; dashed lines mark lasting steps.' })]));
    box.appendChild(holder);
    function draw() { holder.replaceChildren(trendChart(data.trends[Number(choose.value)])); }
    choose.addEventListener('change', draw);
    draw();
  }

  document.title = data.title + ' — Edm.Profiling';
  document.getElementById('title').textContent = data.title;
  drawSummary();
  drawComparison();
  drawMethods();
  drawFlamegraphs();
  drawAllocations();
  drawMemory();
  drawTrends();
  document.body.setAttribute('data-ready', 'true');
}());
