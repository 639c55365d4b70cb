#!/usr/bin/env python3
"""Replays the csc command lines of build-time.sh's project in the variants of the build-time floor, in rotating
rounds, and prints processor time per project and variant, medians, and the ratio a clean build would get.
benchmarks/build-floor.sh prepares the work directory and runs this; see benchmarks/README.md,
"Build time, tenth wave-2 session".

usage: replay.py <work dir> cold|warm <rounds> [variant ...]
  cold   every compile a new csc process, timed by /usr/bin/time (user + system)
  warm   every compile sent to a compiler server of its own (csc /shared:<pipe>), after three warm-up passes
         (fewer leave the server's code partly unoptimised and the flag-off compiles inflated);
         the server's processor time per request (from /proc) plus the client's; the server is ended at the end
variant: off, on (the builds' own command lines), a b c d e g p q (rewrite.py's files added as plain sources to
         the flag-off command line), any of them with the suffix -skip (/skipanalyzers+); and build-off, which is a
         real clean build (for MSBuild's fixed part: the build's processor time minus the two compiles of off).
"""
import os
import shlex
import signal
import statistics
import subprocess
import sys
import time

WORK, MODE, ROUNDS = os.path.abspath(sys.argv[1]), sys.argv[2], int(sys.argv[3])
VARIANTS = sys.argv[4:] or ["off", "on", "on-skip", "a", "a-skip", "b", "b-skip", "c", "d", "build-off"]
PIPE = f"edmfloor{os.getpid()}"
TICKS = os.sysconf("SC_CLK_TCK")
PROJECTS = ("Library", "Tests")
FEATURES = "/features:InterceptorsNamespaces=;Edm.Profiling.Generated;;Microsoft.Extensions.Validation.Generated"


def command_lines(log):
    """Each project's csc arguments from a -v:n build log, and the csc the build ran."""
    lines, csc = {}, None
    for line in open(os.path.join(WORK, log), encoding="utf-8"):
        if "Roslyn/bincore/csc " in line and "/noconfig" in line:
            tokens = shlex.split(line.strip())
            csc = tokens[0] + ".dll"
            project = "Library" if "/out:obj/Release/net10.0/Realistic.Library.dll" in tokens else "Tests"
            lines[project] = [t for t in tokens[1:] if t != "/noconfig" and not t.startswith("/generatedfilesout:")]
    return lines, csc


OFF, CSC = command_lines("build-off.log")
ON, _ = command_lines("build-on.log")


def response_file(project, name):
    """Writes the variant's response file; returns (working directory, path)."""
    skip = name.endswith("-skip")
    base = name[:-5] if skip else name
    out = os.path.join(WORK, "out", f"{project}-{name}")
    os.makedirs(out, exist_ok=True)
    tree = "on-tree" if base == "on" else "off-tree"
    args = list(ON[project] if base == "on" else OFF[project])
    if base not in ("off", "on"):
        generated = os.path.join(WORK, f"var-{base}", project)
        args = [FEATURES if a.startswith("/features:") else a for a in args]
        args += [os.path.join(generated, f) for f in sorted(os.listdir(generated))]
    args = [f"/out:{out}/{project}.dll" if a.startswith("/out:") else f"/refout:{out}/ref-{project}.dll" if a.startswith("/refout:") else a for a in args]
    args = [a.replace(os.path.join(WORK, "proj"), os.path.join(WORK, tree)) for a in args]
    if project == "Tests" and base in ("a", "e", "g", "p", "q"):
        # their forwarders call the flag-on library's public interceptors
        args = [a.replace(os.path.join(WORK, "off-tree", "Realistic.Library"), os.path.join(WORK, "on-tree", "Realistic.Library")) for a in args]
    if skip:
        args.append("/skipanalyzers+")
    path = out + ".rsp"
    with open(path, "w", encoding="utf-8") as f:
        f.write("\n".join(f'"{a}"' if " " in a else a for a in args) + "\n")
    return os.path.join(WORK, tree, f"Realistic.{project}"), path


def timed(args, cwd):
    """Wall and processor seconds of a command and every process it waited for."""
    record = os.path.join(WORK, "out", "time.txt")
    p = subprocess.run(["/usr/bin/time", "-o", record, "-f", "%e %U %S", *args], cwd=cwd, capture_output=True, text=True)
    if p.returncode != 0:
        raise SystemExit(f"{' '.join(args[:4])} … failed:\n{p.stdout[-3000:]}{p.stderr[-2000:]}")
    wall, user, system = map(float, open(record).read().split()[-3:])
    return wall, user + system


def server():
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            command = open(f"/proc/{pid}/cmdline", "rb").read()
        except OSError:
            continue
        if b"VBCSCompiler" in command and f"pipename:{PIPE}".encode() in command:
            return int(pid)
    return None


def server_seconds(pid):
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def clean_build():
    project = os.path.join(WORK, "proj")
    for p in PROJECTS:
        subprocess.run(["rm", "-rf", f"{project}/Realistic.{p}/bin", f"{project}/Realistic.{p}/obj/Release"], check=True)
    args = ["dotnet", "build", "Realistic.Tests/Realistic.Tests.csproj", "-c", "Release", "--no-restore", "-nologo", "-v:q", "-nodeReuse:false"]
    if MODE == "warm":
        args += ["-p:UseSharedCompilation=true", f"-p:SharedCompilationId={PIPE}"]
    return run_counting_server(args, project)


def run_counting_server(args, cwd):
    pid = server()
    before = server_seconds(pid) if pid else 0.0
    wall, cpu = timed(args, cwd)
    after = server()
    return wall, cpu + (server_seconds(after) - (before if after == pid else 0.0) if after else 0.0)


def compile_once(project, name):
    cwd, rsp = response_file(project, name)
    shared = [f"/shared:{PIPE}"] if MODE == "warm" else []
    return run_counting_server(["dotnet", CSC, "/noconfig", "/nologo", *shared, "@" + rsp], cwd)


def main():
    jobs = [("Build", v) if v.startswith("build-") else (p, v) for v in VARIANTS for p in (("Build",) if v.startswith("build-") else PROJECTS)]
    results = {}
    try:
        for round_ in range(-3 if MODE == "warm" else 0, ROUNDS):
            load = os.getloadavg()[0]
            k = round_ % len(jobs)
            for project, name in jobs[k:] + jobs[:k]:
                wall, cpu = clean_build() if project == "Build" else compile_once(project, name)
                print(f"{time.strftime('%H:%M:%S', time.gmtime())} round {round_} {project} {name}: wall {wall:.2f} s, processor {cpu:.2f} s (load {load:.2f})", flush=True)
                if round_ >= 0:
                    results.setdefault((project, name), []).append(cpu)
    finally:
        if (pid := server()) is not None:
            os.kill(pid, signal.SIGTERM)

    median = {key: statistics.median(values) for key, values in results.items()}
    off = median[("Library", "off")] + median[("Tests", "off")]
    fixed = median[("Build", "build-off")] - off if ("Build", "build-off") in median else 0.0
    print(f"\nprocessor time, s, median of {ROUNDS} ({MODE}); MSBuild's fixed part {fixed:.2f} s (build-off minus off's two compiles)")
    for name in VARIANTS:
        if name.startswith("build-"):
            continue
        total = median[("Library", name)] + median[("Tests", name)]
        print(f"{name:10} library {median[('Library', name)]:6.2f}  tests {median[('Tests', name)]:6.2f}  sum {total:6.2f}  clean build ratio {(fixed + total) / (fixed + off):.3f}")


main()
