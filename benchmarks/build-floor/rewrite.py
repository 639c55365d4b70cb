#!/usr/bin/env python3
"""Rewrites the interceptor files a flag-on build of build-time.sh's project generated (library and tests, as
-p:EmitCompilerGeneratedFiles=true writes them) into the variants of the build-time floor (benchmarks/README.md,
"Build time, tenth wave-2 session"). The rules lean on the generator's layout (members at 8 spaces), so they
fit the generated code of that session; a change of the emitter may need them adjusted.

usage: rewrite.py <variant> <library generated dir> <tests generated dir> <out dir>
variant: a   as generated (copied)
         b   bare forwarders: each interceptor's body is its fast path's call of the target (a test-project
             forwarder gets the library interceptor's); no probed methods, probe ids, registrations or markers;
             accessors kept (private targets cannot be called otherwise)
         c   (b) without [MethodImpl], class attributes and comments
         d   (c) without [InterceptsLocation]: the same methods, nothing intercepted
         e   (a) without the exception filter (try/finally kept)
         g   (a) with probe ids as constants and no registration
         p   (a) without the probed methods (the interceptor calls the target on both branches)
         q   (a) with each probed body moved into its interceptor (one method per target)
"""
import os
import re
import sys

variant, libdir, testdir, outdir = sys.argv[1:5]


def chunks(lines):
    """Split a class body into member chunks (attributes/comments + declaration + body) at 8-space indent."""
    out, cur, depth = [], [], 0
    for line in lines:
        cur.append(line)
        stripped = line.strip()
        if depth == 0:
            if line.startswith("        {") and not line.startswith("         "):
                depth = 1
                continue
            # a declaration ends a chunk when it ends with ';' (field, extern, expression body)
            if line.startswith("        ") and not line.startswith("         ") and stripped.endswith(";") and not stripped.startswith("//") and not stripped.startswith("["):
                out.append(cur)
                cur = []
            elif stripped == "":
                out.append(cur)
                cur = []
        else:
            if line.startswith("        }") and not line.startswith("         "):
                depth = 0
                out.append(cur)
                cur = []
    if cur:
        out.append(cur)
    return out


def fast_path(chunk):
    """The statements inside the interceptor's `if (!Enabled ...) { ... }` block, at 16-space indent."""
    for i, line in enumerate(chunk):
        if line.startswith("            if (!global::Edm.Profiling.Profiler.Enabled"):
            body = []
            for inner in chunk[i + 2:]:
                if inner.startswith("            }"):
                    return body
                body.append(inner)
    return None


def header_index(chunk):
    for i, line in enumerate(chunk):
        s = line.strip()
        if line.startswith("        ") and not s.startswith("[") and not s.startswith("//") and s:
            return i
    return None


# The library's fast paths, by (interceptor class, method name), for the test project's forwarders.
library_fast = {}


def scan_library(text):
    m = re.search(r"public static class (\w+)", text)
    if not m:
        return
    cls = m.group(1)
    body = text.splitlines()
    for chunk in chunks(body):
        h = header_index(chunk)
        if h is None:
            continue
        fp = fast_path(chunk)
        if fp is None:
            continue
        name = re.search(r"static .*? (\w+)(<[^(]*>)?\(", chunk[h]).group(1)
        library_fast[(cls, name)] = fp


def rewrite_probes(text):
    """e: probed bodies without the exception filter (try/finally kept); g: probe ids as constants, no
    registration (no RegisterAll table, no static readonly fields); eg: both."""
    if "e" in variant:
        text = re.sub(r"\n *catch \(global::System\.Exception\) when \(global::Edm\.Profiling\.Probe\.Faulted\(ref frame\)\)\n *\{\n *throw;\n *\}", "", text)
    if "g" in variant:
        text = re.sub(r"\n *private static readonly int\[\] ProbeIds = [^;]*;\n", "\n", text, flags=re.S)
        text = re.sub(r"private static readonly int (\w+) = ProbeIds\[(\d+)\];", r"private const int \1 = \2;", text)
    return text


def rewrite_unprobed(text):
    """p: as generated, but without the probed methods: the interceptor keeps its fast-path test and calls the
    target either way (what the Probed method, its try/filter/finally and its frame cost)."""
    lines = text.splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("    {"))
    end = max(i for i, l in enumerate(lines) if l.startswith("    }"))
    new = []
    for chunk in chunks(lines[start + 1:end]):
        h = header_index(chunk)
        if h is not None and any("MethodImplOptions.NoInlining" in l for l in chunk[:h]):
            continue
        fp = fast_path(chunk) if h is not None and "[InterceptsLocation(" in "".join(chunk[:h]) else None
        if fp is None:
            new.extend(chunk)
            continue
        close = next(i for i, l in enumerate(chunk) if i > h + 2 and l.startswith("            }"))
        new.extend(chunk[:close + 1] + [""] + [l[4:] for l in fp] + ["        }", ""])
    return "\n".join(lines[:start + 1] + new + lines[end:]) + "\n"


def rewrite_merged(text):
    """q: one method per target: the probed method's body moved into the interceptor in place of the call to it."""
    lines = text.splitlines()
    start = next(i for i, l in enumerate(lines) if l.startswith("    {"))
    end = max(i for i, l in enumerate(lines) if l.startswith("    }"))
    all_chunks = chunks(lines[start + 1:end])
    probed = {}
    for chunk in all_chunks:
        h = header_index(chunk)
        if h is not None and any("MethodImplOptions.NoInlining" in l for l in chunk[:h]):
            name = re.search(r" (\w+Probed)(<[^(]*>)?\(", chunk[h]).group(1)
            probed[name] = chunk[h + 2:-1]
    new = []
    for chunk in all_chunks:
        h = header_index(chunk)
        if h is not None and any("MethodImplOptions.NoInlining" in l for l in chunk[:h]):
            continue
        out = []
        for l in chunk:
            m = re.match(r"            (return )?(\w+Probed)(<[^(]*>)?\(.*\);$", l)
            out.extend(probed[m.group(2)] if m else [l])
        new.extend(out)
    return "\n".join(lines[:start + 1] + new + lines[end:]) + "\n"


def rewrite(text):
    if variant == "a":
        return text
    if variant in ("e", "g"):
        return rewrite_probes(text)
    if variant == "p":
        return rewrite_unprobed(text)
    if variant == "q":
        return rewrite_merged(text)
    lines = text.splitlines()
    # the file's header and footer: everything outside the class body
    try:
        start = next(i for i, l in enumerate(lines) if l.startswith("    {"))
        end = max(i for i, l in enumerate(lines) if l.startswith("    }"))
    except StopIteration:
        return text
    head, body, tail = lines[: start + 1], lines[start + 1 : end], lines[end:]
    head = [l for l in head if "Edm.Profiling.Interceptors" not in l]
    if variant in "cd":
        head = [l for l in head if not l.lstrip().startswith("//") and not l.strip().startswith("[global::System.")]
        head = [re.sub(r"\s*//.*$", "", l) if "using global::" in l else l for l in head]
    new = []
    for chunk in chunks(body):
        h = header_index(chunk)
        if h is None:
            if variant == "b":
                new.extend(chunk)
            continue
        decl = chunk[h]
        if "static readonly int" in decl or "Probe.Register" in decl:
            continue  # probe ids and registrations
        if any("MethodImplOptions.NoInlining" in l for l in chunk[:h]):
            continue  # the probed method
        attrs = chunk[:h]
        if variant in "cd":
            attrs = [l for l in attrs if "[MethodImpl(" not in l and not l.strip().startswith("//")]
            attrs = [re.sub(r"\] //.*$", "]", l) for l in attrs]
        if variant == "d":
            attrs = [l for l in attrs if "[InterceptsLocation(" not in l]
        if not any("[InterceptsLocation(" in l for l in chunk[:h]):
            new.extend(attrs + chunk[h:])  # accessors and anything else kept as is
            continue
        fwd = re.search(r"=> global::Edm\.Profiling\.Generated\.(\w+)\.(\w+)(<[^(]*>)?\(", decl)
        if fwd:
            fp = library_fast[(fwd.group(1), fwd.group(2))]
            sig = decl[: decl.index(" => ")]
        else:
            fp = fast_path(chunk)
            if fp is None:
                raise SystemExit("no fast path in:\n" + "\n".join(chunk))
            sig = decl
        new.extend(attrs + [sig, "        {"] + fp + ["        }", ""])
    return "\n".join(head + new + tail) + "\n"


for path in sorted(os.listdir(libdir)):
    scan_library(open(os.path.join(libdir, path), encoding="utf-8-sig").read())

for project, src in (("Library", libdir), ("Tests", testdir)):
    dest = os.path.join(outdir, project)
    os.makedirs(dest, exist_ok=True)
    for path in sorted(os.listdir(src)):
        if variant != "a" and path == "Edm.Profiling.ProfiledTypes.g.cs":
            continue  # markers for referencing projects' generator
        text = open(os.path.join(src, path), encoding="utf-8-sig").read()
        if path != "Edm.Profiling.InterceptsLocationAttribute.g.cs":
            text = rewrite(text)
        open(os.path.join(dest, path), "w", encoding="utf-8").write(text)
