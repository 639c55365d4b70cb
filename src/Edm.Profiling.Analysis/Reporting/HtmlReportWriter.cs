using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Edm.Profiling.Analysis.Reporting;

/// <summary>
/// One self-contained HTML page: the session summary, a sortable method table (a count that misses calls
/// the build could not intercept says so, and a note lists why), an interactive
/// flamegraph of the call tree (click to zoom, search), with allocation samples an allocation flamegraph
/// (bytes as weights) and tables by type and site, a differential flamegraph against the
/// baseline (slower red, faster blue), the comparison with its verdicts, trend charts, and a memory
/// chart (heap per generation, working set, collections, spans) when the <c>gc</c> backend ran.
/// </summary>
/// <remarks>
/// Nothing is fetched: the style and script are inline and a Content-Security-Policy allows only
/// them (by hash) and nothing from the network. The data travels as JSON in a non-executable script
/// element with <c>&lt;</c>, <c>&gt;</c> and <c>&amp;</c> escaped, so no name can close it; the script
/// puts every name on the page as text (<c>textContent</c>), never as markup.
/// </remarks>
public sealed class HtmlReportWriter : IReportWriter
{
    private static readonly Lazy<(string Template, string Style, string Script)> s_assets = new(LoadAssets);
    private readonly ReportOptions _options;

    /// <summary>Creates a writer.</summary>
    public HtmlReportWriter(ReportOptions? options = null) => _options = options ?? new ReportOptions();

    /// <inheritdoc />
    public ReportFormat Format => ReportFormat.Html;

    /// <inheritdoc />
    public void Write(ReportContent content, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(output);
        if (content.PrimarySession is null && content.Comparison is null && content.Trends.Count == 0)
        {
            throw new ArgumentException("The html format needs a session, a comparison or trends; this report has none.");
        }

        (string template, string style, string script) = s_assets.Value;
        string data = JsonSerializer.Serialize(
            BuildModel(content),
            new HtmlReportJsonContext(new JsonSerializerOptions(HtmlReportJsonContext.Default.Options) { Encoder = JavaScriptEncoder.Default }).HtmlReportModel);
        if (data.Contains('<', StringComparison.Ordinal))
        {
            // The encoder escapes '<' as \u003C; should that ever change, the page must not be written.
            throw new InvalidOperationException("The report data contains a raw '<' and cannot be embedded safely.");
        }

        string policy = $"default-src 'none'; script-src '{Hash(script)}'; style-src '{Hash(style)}'; img-src data:; base-uri 'none'; form-action 'none'";
        var parts = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["POLICY"] = policy,
            ["STYLE"] = style,
            ["DATA"] = data,
            ["SCRIPT"] = script,
        };
        Fill(template, parts, output);
    }

    /// <summary>
    /// Writes the template with each <c>{{NAME}}</c> replaced, in one pass over the template only, so
    /// a name in the data that looks like a placeholder stays what it is.
    /// </summary>
    private static void Fill(string template, Dictionary<string, string> parts, TextWriter output)
    {
        int at = 0;
        while (true)
        {
            int open = template.IndexOf("{{", at, StringComparison.Ordinal);
            int close = open < 0 ? -1 : template.IndexOf("}}", open + 2, StringComparison.Ordinal);
            if (close < 0)
            {
                output.Write(template.AsSpan(at));
                return;
            }

            output.Write(template.AsSpan(at, open - at));
            string key = template[(open + 2)..close];
            output.Write(parts.TryGetValue(key, out string? value) ? value : template[open..(close + 2)]);
            at = close + 2;
        }
    }

    private HtmlReportModel BuildModel(ReportContent content)
    {
        SessionReport? session = content.PrimarySession;
        SessionReport? baseline = content.BaselineSession;
        ComparisonReport? comparison = content.Comparison;
        (string currentName, string baselineName) = comparison is null ? ("", "") : RunNames(comparison, session, baseline);
        string title = _options.Title
            ?? (comparison is not null ? $"{currentName} against {baselineName}"
            : session?.Name ?? content.Trends[0].Name);
        return new HtmlReportModel
        {
            Title = title,
            Session = session is null ? null : SessionOf(session),
            Methods = session is null ? [] : MethodsOf(session),
            Unprobed = session is null ? [] : [.. UnprobedSites.Of(session).Select(n => new HtmlUnprobed(n.Name, n.Sites, n.Short, n.Why, n.Called))],
            Tree = session is null ? null : TreeOf(session, session.Name),
            BaselineTree = baseline is null ? null : TreeOf(baseline, baseline.Name),
            SampledTree = session?.CpuSamples is null ? null : SampledTreeOf(session, session.Name),
            AllocationTree = session?.AllocationSamples is null ? null : AllocationTreeOf(session, session.Name),
            Allocations = session?.AllocationSamples is { } allocations ? AllocationsOf(allocations) : null,
            Comparison = comparison is null ? null : ComparisonOf(comparison, currentName, baselineName),
            Memory = session is null ? null : HtmlMemory.Of(session),
            Trends = [.. content.Trends.Select(t => t with { Points = [.. t.Points.Where(p => double.IsFinite(p.Value))] })],
        };
    }

    private static HtmlSession SessionOf(SessionReport s) => new(
        s.Name,
        s.StartedAt,
        s.DurationNs,
        s.Environment.Os,
        s.Environment.Runtime,
        s.Environment.CpuModel,
        s.Environment.LogicalCores,
        s.Environment.BuildConfiguration,
        s.Environment.Commit,
        s.Environment.Branch,
        s.Timeline is not null,
        s.Timeline?.DroppedEvents ?? 0,
        s.Warnings,
        ProbeOverheadNotes.Summary(s),
        ProbeOverheadNotes.CostlyMethods(s));

    private static List<HtmlMethod> MethodsOf(SessionReport s)
    {
        var tree = new CallTreeIndex(s);
        Dictionary<int, string> unprobed = UnprobedSites.ShortById(s);
        Dictionary<int, int> sites = s.Probes.Where(p => unprobed.ContainsKey(p.Id)).ToDictionary(p => p.Id, p => p.UnprobedSiteTotal());
        return [.. s.Methods.Select(m => new HtmlMethod(
            tree.NameOf(m.ProbeId),
            m.Calls,
            m.FaultedCalls,
            m.SelfNs,
            m.InclusiveNs,
            m.MeanNs,
            m.P50Ns,
            m.P90Ns,
            m.P99Ns,
            m.MaxNs,
            m.Allocations?.AllocatedBytes,
            m.Cpu is { } cpu && double.IsFinite(cpu.OffCpuShare) ? cpu.OffCpuShare : null,
            sites.GetValueOrDefault(m.ProbeId),
            unprobed.GetValueOrDefault(m.ProbeId),
            m.CompensatedSelfNs,
            m.Sampling is null ? null : ProbeOverheadNotes.SampledMark(m).Trim()))];
    }

    private static HtmlTree TreeOf(SessionReport s, string label)
    {
        var tree = new CallTreeIndex(s);
        var names = new List<string>();
        var nameIndex = new Dictionary<int, int>();
        var ids = new HashSet<int>(s.CallTree.Select(n => n.Id));
        var nodes = new List<long[]>(s.CallTree.Count);
        foreach (CallTreeNode node in s.CallTree)
        {
            if (!nameIndex.TryGetValue(node.ProbeId, out int index))
            {
                nameIndex[node.ProbeId] = index = names.Count;
                names.Add(tree.NameOf(node.ProbeId));
            }

            long parent = node.ParentId is { } p && p != node.Id && ids.Contains(p) ? p : -1;
            nodes.Add([node.Id, parent, index, node.Calls, Math.Max(0, node.InclusiveNs), Math.Max(0, node.SelfNs)]);
        }

        return new HtmlTree(label, names, nodes);
    }

    /// <summary>
    /// The call tree with its sampled subtrees (running and waiting samples below probes, running ones
    /// under <c>(outside probes)</c>, as <see cref="MergedStacks"/> weighs them). Sampled nodes get ids
    /// after the call tree's.
    /// </summary>
    private static HtmlTree SampledTreeOf(SessionReport s, string label)
    {
        HtmlTree plain = TreeOf(s, label);
        var sampled = new SampledTree(s.CpuSamples!);
        var names = new List<string>(plain.Names);
        var nameIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        var nodes = new List<long[]>(plain.Nodes);
        long nextId = s.CallTree.Count == 0 ? 0 : s.CallTree.Max(n => n.Id) + 1;
        int NameOf(string name)
        {
            if (!nameIndex.TryGetValue(name, out int index))
            {
                nameIndex[name] = index = names.Count;
                names.Add(name);
            }

            return index;
        }

        void AddBelow(int? callTreeNodeId, long parentId, bool waiting)
        {
            var ids = new Dictionary<int, long>();
            foreach ((SampledNode node, IReadOnlyList<SampledNode> _) in sampled.Walk(callTreeNodeId))
            {
                long total = node.RunningSamples + (waiting ? node.WaitingSamples : 0);
                long self = node.SelfRunningSamples + (waiting ? node.SelfWaitingSamples : 0);
                if (total <= 0)
                {
                    continue;
                }

                long id = ids[node.Id] = nextId++;
                long parent = node.ParentId is { } p && ids.TryGetValue(p, out long mapped) ? mapped : parentId;
                nodes.Add([id, parent, NameOf(sampled.FrameOf(node).Name), total, sampled.EstimateNs(total), sampled.EstimateNs(self), 1]);
            }
        }

        foreach (CallTreeNode node in s.CallTree)
        {
            AddBelow(node.Id, node.Id, waiting: true);
        }

        if (sampled.PathOf(null) is { RunningSamples: > 0 } outside)
        {
            long root = nextId++;
            nodes.Add([root, -1, NameOf(SampledTree.OutsideProbes), outside.RunningSamples, sampled.EstimateNs(outside.RunningSamples), 0, 1]);
            AddBelow(null, root, waiting: false);
        }

        return new HtmlTree(label, names, nodes);
    }

    /// <summary>
    /// The call tree weighted by estimated allocated bytes, with the allocation subtrees below it and an
    /// <c>(outside probes)</c> root: a call-tree node's inclusive bytes are its path's and its callees'
    /// (<see cref="AllocationTree.PathBytes"/>); nodes that allocated nothing are left out. Subtree nodes
    /// get ids after the call tree's.
    /// </summary>
    private static HtmlTree AllocationTreeOf(SessionReport s, string label)
    {
        var allocations = new AllocationTree(s.AllocationSamples!);
        var tree = new CallTreeIndex(s);
        var inclusive = new Dictionary<int, long>();
        List<(CallTreeNode Node, IReadOnlyList<int> Path)> walk = [.. tree.WalkWithPaths()];
        foreach ((CallTreeNode node, _) in Enumerable.Reverse(walk))
        {
            inclusive[node.Id] = allocations.PathBytes(node.Id) + tree.ChildrenOf(node).Sum(c => inclusive.GetValueOrDefault(c.Id));
        }

        var names = new List<string>();
        var nameIndex = new Dictionary<string, int>(StringComparer.Ordinal);
        int NameOf(string name)
        {
            if (!nameIndex.TryGetValue(name, out int index))
            {
                nameIndex[name] = index = names.Count;
                names.Add(name);
            }

            return index;
        }

        var nodes = new List<long[]>();
        var ids = new HashSet<int>(s.CallTree.Select(n => n.Id));
        long nextId = s.CallTree.Count == 0 ? 0 : s.CallTree.Max(n => n.Id) + 1;
        void AddBelow(int? callTreeNodeId, long parentId)
        {
            var mapped = new Dictionary<int, long>();
            foreach ((AllocationNode node, IReadOnlyList<AllocationNode> _) in allocations.Walk(callTreeNodeId))
            {
                if (node.EstimatedBytes <= 0)
                {
                    continue;
                }

                long id = mapped[node.Id] = nextId++;
                long parent = node.ParentId is { } p && mapped.TryGetValue(p, out long up) ? up : parentId;
                nodes.Add([id, parent, NameOf(allocations.FrameOf(node).Name), 0, node.EstimatedBytes, node.SelfEstimatedBytes, 1]);
            }
        }

        foreach ((CallTreeNode node, _) in walk)
        {
            if (inclusive[node.Id] <= 0)
            {
                continue;
            }

            long parent = node.ParentId is { } p && p != node.Id && ids.Contains(p) ? p : -1;
            nodes.Add([node.Id, parent, NameOf(tree.NameOf(node.ProbeId)), node.Calls, inclusive[node.Id], allocations.OwnBytes(node.Id)]);
            AddBelow(node.Id, node.Id);
        }

        if (allocations.PathBytes(null) > 0)
        {
            long root = nextId++;
            nodes.Add([root, -1, NameOf(SampledTree.OutsideProbes), 0, allocations.PathBytes(null), allocations.OwnBytes(null), 1]);
            AddBelow(null, root);
        }

        return new HtmlTree(label, names, nodes);
    }

    private static HtmlAllocations AllocationsOf(AllocationSamples a) => new(
        a.Source,
        a.EstimatedBytes,
        a.EstimatedObjects,
        a.Events,
        a.Types,
        [.. a.Sites.Select(site => new HtmlAllocationSite(
            site.Method,
            site.File is { Length: > 0 } file && site.Line is { } line ? $"{Path.GetFileName(file)}:{line}" : null,
            site.TopType,
            site.EstimatedBytes,
            site.EstimatedObjects))]);

    /// <summary>
    /// The two runs' names as the page shows them. Two runs of one commit share <c>name@commit</c>, so
    /// then each is told apart by when it started (or, without its session, by its side).
    /// </summary>
    private static (string Current, string Baseline) RunNames(ComparisonReport c, SessionReport? current, SessionReport? baseline)
    {
        if (!string.Equals(c.CurrentName, c.BaselineName, StringComparison.Ordinal))
        {
            return (c.CurrentName, c.BaselineName);
        }

        DateTimeOffset? currentStart = (current ?? c.Current)?.StartedAt;
        DateTimeOffset? baselineStart = (baseline ?? c.Baseline)?.StartedAt;
        return currentStart is { } cs && baselineStart is { } bs && cs != bs
            ? ($"{c.CurrentName} (started {Started(cs)})", $"{c.BaselineName} (started {Started(bs)})")
            : ($"{c.CurrentName} (current)", $"{c.BaselineName} (baseline)");
    }

    private static string Started(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private static HtmlComparison ComparisonOf(ComparisonReport c, string currentName, string baselineName) => new(
        baselineName,
        currentName,
        c.IncomparableReason,
        c.Warnings,
        c.Pairs,
        c.TimeThreshold,
        c.AllocationThreshold,
        ReportTables.Counts(c).ToDictionary(x => x.Verdict.ToString(), x => x.Count),
        [.. c.Methods.Select(m => new HtmlMethodComparison(m.Name, m.Verdict, [.. m.Metrics.Select(Finite)], TypeChangesOf(m)))]);

    private static HtmlTypeChange[]? TypeChangesOf(MethodComparison m) =>
        m.TypeChanges is { Count: > 0 } changes
            ? [.. changes.Select(t => new HtmlTypeChange(AllocationHotspots.TypeName(t.Type), FiniteOrNull(t.BaselineBytesPerCall) ?? 0, FiniteOrNull(t.CurrentBytesPerCall) ?? 0))]
            : null;

    private static MetricComparison Finite(MetricComparison m) => m with
    {
        Baseline = FiniteOrNull(m.Baseline),
        Current = FiniteOrNull(m.Current),
        Ratio = FiniteOrNull(m.Ratio),
        RatioLower = FiniteOrNull(m.RatioLower),
        RatioUpper = FiniteOrNull(m.RatioUpper),
    };

    private static double? FiniteOrNull(double? value) => value is { } v && double.IsFinite(v) ? v : null;

    /// <summary>The CSP source expression of an inline element's exact text.</summary>
    private static string Hash(string text) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static (string, string, string) LoadAssets()
    {
        Assembly assembly = typeof(HtmlReportWriter).Assembly;
        string Read(string name)
        {
            using Stream stream = assembly.GetManifestResourceStream($"Edm.Profiling.Analysis.Reporting.Html.{name}")
                ?? throw new InvalidOperationException($"The HTML report asset '{name}' is missing from the assembly.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return reader.ReadToEnd().Replace("\r\n", "\n", StringComparison.Ordinal);
        }

        return (Read("report.html"), Read("report.css"), Read("report.js"));
    }
}
