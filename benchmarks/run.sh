#!/usr/bin/env bash
# Runs the benchmarks (short jobs, 15 iterations), turns the results into an Edm.Profiling session, saves it as a
# baseline under benchmarks/baselines/edm-benchmarks/<commit>.json and compares it with the previous
# baseline there: the project gates its own performance with its own comparison layer.
#
#   benchmarks/run.sh                 every benchmark (about 15 minutes on 2 cores)
#   benchmarks/run.sh '*ProbeCost*'   a BenchmarkDotNet filter
#
# Run it on a quiet machine: the figures are ratios within one run, but noise still widens them.
set -euo pipefail
cd "$(dirname "$0")/.."
filter="${1:-*}"
commit="$(git rev-parse --short HEAD 2>/dev/null || echo local)"
artifacts="benchmarks/BenchmarkDotNet.Artifacts"
bench="benchmarks/Edm.Profiling.Benchmarks/bin/Release/net10.0/Edm.Profiling.Benchmarks.dll"
edmprof="src/Edm.Profiling.Tool/bin/Release/net10.0/edm-prof.dll"

dotnet build -c Release benchmarks/Edm.Profiling.Benchmarks/Edm.Profiling.Benchmarks.csproj
dotnet build -c Release src/Edm.Profiling.Tool/Edm.Profiling.Tool.csproj
rm -rf "$artifacts/results"
# 15 measured iterations a benchmark (the jobs' other settings kept): the comparison below needs at
# least 10 samples a side to give a verdict rather than Unknown. Build outputs of earlier runs are
# removed so BenchmarkDotNet rebuilds from these sources.
rm -rf benchmarks/Edm.Profiling.Benchmarks/bin/Release/net10.0/Edm.Profiling.Benchmarks-*
dotnet "$bench" --filter "$filter" --iterationCount 15 --exporters fulljson github --artifacts "$artifacts"

session="$artifacts/edm-benchmarks-$commit.json"
dotnet "$bench" to-session "$artifacts/results" "$session"

# The previous baseline: the one of the nearest ancestor commit (file times mean nothing in a clone).
previous=""
for ancestor in $(git log --format=%h -n 500 2>/dev/null); do
  if [ "$ancestor" != "$commit" ] && [ -f "benchmarks/baselines/edm-benchmarks/$ancestor.json" ]; then
    previous="benchmarks/baselines/edm-benchmarks/$ancestor.json"
    break
  fi
done

dotnet "$edmprof" baseline save edm-benchmarks "$session" --version "$commit" --root benchmarks/baselines --force
if [ -n "$previous" ]; then
  current="benchmarks/baselines/edm-benchmarks/$commit.json"
  dotnet "$edmprof" compare "$previous" "$current" --format md --out "$artifacts/comparison.md" || true
  # A report by default: on a shared machine two runs can differ without a code change. On a quiet,
  # dedicated machine, EDM_BENCH_GATE=1 makes a regression fail the script (exit 1).
  if [ "${EDM_BENCH_GATE:-0}" = "1" ]; then
    dotnet "$edmprof" compare "$previous" "$current" --fail-on-regression
  else
    dotnet "$edmprof" compare "$previous" "$current" || true
  fi
fi
echo "results: $artifacts/results (GitHub-flavoured tables: *-report-github.md)"
