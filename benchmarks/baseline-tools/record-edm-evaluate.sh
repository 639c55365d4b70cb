#!/usr/bin/env bash
# Records the committed baseline the README's command compares with: RUNS (default 8) profiled runs of
# 'edm evaluate --demo', built with probes in Release, merged into
# benchmarks/baselines/edm-evaluate/demo-v<N>.json (N: the demo set's version, DemoSet.Version).
# The baseline keeps each run's median per method, so a comparison widens each method's time band by
# the spread between these runs: more runs, spread over some minutes, make that spread honest.
#
# Timings depend on the machine: time is judged only against runs of the same machine fingerprint and
# runtime version (elsewhere a warning says so and time is Unknown, which never fails; calls and
# allocations are still judged). Re-record after a change that is meant to alter the figures, on the
# machine the README's figures come from, and commit the file with that change.
set -euo pipefail
cd "$(dirname "$0")/../.."

runs="${RUNS:-8}"
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
  # As the README's command runs it: through 'dotnet run', whose up-to-date build leaves the CLI busy
  # for the first second of the program (measured: with the sampling backends on, runs started
  # directly and compared with runs through 'dotnet run' said REGRESSED ×1.3–1.6 on the quiet VM),
  # and with the backends it turns on, so their overhead is in the baseline too.
  dotnet run --project samples/Edm.Tracks -c Release -p:EdmProfiling=true --no-restore -- \
    profile evaluate --demo --profile-backends cpu-sampling,allocation-sampling,gc --profile-out "$work/run-$i.json" > /dev/null 2> "$work/run-$i.log" \
    || { cat "$work/run-$i.log" >&2; exit 1; }
  echo "run $i of $runs recorded"
done

dotnet src/Edm.Profiling.Tool/bin/Release/net10.0/edm-prof.dll baseline save edm-evaluate "$work"/run-*.json --version "$key" --force
