#!/usr/bin/env bash
# The floor of build time for any interceptor-based profiler on build-time.sh's project: writes the project,
# builds it with and without -p:EdmProfiling=true (-v:n, the flag-on build keeping its generated files), rewrites
# those files into variants (build-floor/rewrite.py: as generated, bare forwarders, ...) and replays the
# compiler's command lines with each added as plain sources, cold and through a compiler server of its own
# (build-floor/replay.py). Figures and method: benchmarks/README.md, "Build time, tenth wave-2 session".
#
#   benchmarks/build-floor.sh <work dir> [rounds]        (default 3 rounds; needs python3 and /usr/bin/time)
set -euo pipefail
work=$(realpath -m "${1:?usage: build-floor.sh <work dir> [rounds]}")
rounds=${2:-3}
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/.."
dotnet build -c Release benchmarks/Edm.Profiling.Benchmarks/Edm.Profiling.Benchmarks.csproj -v:q -nologo
rm -rf "$work" && mkdir -p "$work"
dotnet benchmarks/Edm.Profiling.Benchmarks/bin/Release/net10.0/Edm.Profiling.Benchmarks.dll build-time 1 --dir "$work/proj"

# One clean build each way with the compiler's command lines in the log; each built tree kept for the replays.
cd "$work/proj"
for flag in on off; do
    rm -rf Realistic.*/bin Realistic.*/obj/Release
    extra=()
    [ "$flag" = on ] && extra=(-p:EdmProfiling=true -p:EmitCompilerGeneratedFiles=true)
    dotnet build Realistic.Tests/Realistic.Tests.csproj -c Release --no-restore -nologo -v:n "${extra[@]}" > "$work/build-$flag.log"
    cp -r "$work/proj" "$work/$flag-tree"
done

generated=obj/Release/net10.0/generated/Edm.Profiling.Generators/Edm.Profiling.Generators.ProfilingGenerator
for variant in a b c d e g p q; do
    python3 "$here/build-floor/rewrite.py" "$variant" "$work/on-tree/Realistic.Library/$generated" "$work/on-tree/Realistic.Tests/$generated" "$work/var-$variant"
done

python3 "$here/build-floor/replay.py" "$work" cold "$rounds" off on on-skip a a-skip b b-skip c d build-off
python3 "$here/build-floor/replay.py" "$work" warm "$rounds" off on on-skip a a-skip b b-skip c d e g p q build-off
