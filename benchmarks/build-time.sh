#!/usr/bin/env bash
# Build time of a realistic profiled project: writes a library of 80 [Profile] types and its xunit
# tests (about 2,100 calls to profiled methods), then times clean builds with and without
# -p:EdmProfiling=true in rounds whose order rotates, and prints the medians and the ratio on/off.
#
#   benchmarks/build-time.sh                 5 rounds
#   benchmarks/build-time.sh 9               9 rounds
#   benchmarks/build-time.sh 5 --baseline-generator path/to/Edm.Profiling.Generators.dll
#                                            a third variant built with another generator (e.g. main's)
#   benchmarks/build-time.sh 5 --compiler-server
#                                            every variant with -p:UseSharedCompilation=true (the SDK's default;
#                                            the warm-up builds leave the generator's code compiled by the JIT)
#
# Then, for where the extra time goes (generator, analyzers, emit; processor time, in process):
#   dotnet benchmarks/Edm.Profiling.Benchmarks/bin/Release/net10.0/Edm.Profiling.Benchmarks.dll build-phases
set -euo pipefail
cd "$(dirname "$0")/.."
dotnet build -c Release benchmarks/Edm.Profiling.Benchmarks/Edm.Profiling.Benchmarks.csproj -v:q -nologo
dotnet benchmarks/Edm.Profiling.Benchmarks/bin/Release/net10.0/Edm.Profiling.Benchmarks.dll build-time "$@"
