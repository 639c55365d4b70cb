#!/usr/bin/env bash
# Records the committed baseline the README's command compares with: RUNS (default 5) profiled runs of
# 'edm evaluate --demo', built with probes in Release, merged into
# benchmarks/baselines/edm-evaluate/demo-v<N>.json (N: the demo set's version, DemoSet.Version).
#
# Timings depend on the machine: a baseline compares only with runs on the same machine, runtime major
# and configuration (elsewhere the verdict is "not comparable", which never fails). Re-record after a
# change that is meant to alter the figures, on the machine the README's figures come from, and commit
# the file with that change.
set -euo pipefail
cd "$(dirname "$0")/../.."

runs="${RUNS:-5}"
demo_version="$(sed -n 's/.*public const int Version = \([0-9]*\);.*/\1/p' samples/Edm.Tracks/Demo/DemoSet.cs)"
key="demo-v${demo_version}"
edm="samples/Edm.Tracks/bin/Release-profiled/net10.0/edm.dll"

dotnet build samples/Edm.Tracks -c Release -p:EdmProfiling=true --nologo -v quiet
dotnet build src/Edm.Profiling.Tool -c Release --nologo -v quiet
dotnet "$edm" demo-path > /dev/null          # generate the demo set outside the profiled runs
dotnet "$edm" evaluate --demo > /dev/null    # one unprofiled run: the set is read from the page cache afterwards

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for i in $(seq 1 "$runs"); do
  dotnet "$edm" profile evaluate --demo --profile-out "$work/run-$i.json" > /dev/null 2> "$work/run-$i.log" \
    || { cat "$work/run-$i.log" >&2; exit 1; }
  echo "run $i of $runs recorded"
done

dotnet src/Edm.Profiling.Tool/bin/Release/net10.0/edm-prof.dll baseline save edm-evaluate "$work"/run-*.json --version "$key" --force
