#!/usr/bin/env bash
# What CPU sampling and the memory backends cost on the edm sample: 'edm evaluate --demo' in eight
# ways (and a measuring one, floor), interleaved round by round so a change in the machine's load hits
# them alike, and the median wall time of each:
#
#   plain          the build without probes
#   probes         the profiled build in process mode (EDM_PROFILING_OUTPUT): probes only
#   sampling       the same with EDM_PROFILING_BACKENDS=cpu-sampling: in-process EventPipe sampling,
#                  the stream parsed live, at the default duty (1: the sampler on all along)
#   sampling-continuous  the same with EDM_PROFILING_SAMPLING_DUTY=1, whatever the default
#   sampling-windowed    the same with EDM_PROFILING_SAMPLING_DUTY=0.25: the sampler on in windows (100 ms by
#                  default; WINDOW=250ms sets EDM_PROFILING_SAMPLING_WINDOW for this way), a quarter of the time
#   sampling-cold  'sampling-continuous' without the rehearsal of the stop (EDM_PROFILING_STOP_REHEARSAL=0; by default,
#                  since the tenth session, it runs on a thread of its own as the process exits): the exiting thread
#                  compiles the naming and attribution code itself
#   floor          continuous sampling with the stream read and thrown away unparsed (EDM_PROFILING_TRACE_DISCARD=1):
#                  what the runtime's sampler and the stream cost alone, the floor of 'sampling-continuous'
#   floor-windowed the same in windows at 0.25: the floor of 'sampling-windowed'
#   sampling-kept  the same keeping the raw trace (EDM_PROFILING_NETTRACE): the stream written to a file
#                  and converted at exit, as before the live reading (sampling all along)
#   edm-prof       the profiled build under 'edm-prof run --sample': sampled from outside
#   dotnet-trace   the build without probes under 'dotnet-trace collect --profile dotnet-sampled-thread-time'
#                  (dotnet-trace 10.0.750501, installed as a local tool in a temporary folder): the anchor
#   gc             probes with EDM_PROFILING_BACKENDS=gc: GC events and the heap series
#   memory         probes with EDM_PROFILING_BACKENDS=gc,allocation-sampling (a build without the
#                  allocation-sampling backend runs gc alone and says so: see "memory backends that ran")
#   memory-floor   the same with the stream read and thrown away unparsed (EDM_PROFILING_TRACE_DISCARD=1):
#                  what the runtime's allocation events and the stream cost alone, the floor of 'memory'
#   sampling-rehearsed  'sampling-continuous' with the rehearsal of the stop (EDM_PROFILING_STOP_REHEARSAL=1) at the session's start
#   memory-rehearsed    'memory' with the rehearsal of the stop (EDM_PROFILING_STOP_REHEARSAL=1) at the session's start
#   memory-cold    'memory' without the rehearsal of the stop (EDM_PROFILING_STOP_REHEARSAL=0): the exiting thread
#                  compiles the naming and attribution code itself
#   memory-client  'memory' with the EventPipe session opened through the diagnostics client (EDM_PROFILING_OWN_PORT=0),
#                  as before the tenth session: it starts the thread pool and .NET's socket engine in the program
#   gc-verbose     the build without probes under 'dotnet-trace collect --profile gc-verbose': the memory anchor
#
#   benchmarks/sampling-overhead.sh          5 rounds, every way
#   ROUNDS=9 benchmarks/sampling-overhead.sh
#   WAYS="plain probes gc memory gc-verbose" benchmarks/sampling-overhead.sh   some of the ways
#
# Wall time is the whole process, from start to exit: it includes what each way does at the end
# (writing the session, reading the trace). The probes' own window (the session's durationNs) is
# printed beside it for the profiled runs. Say the machine's load (uptime) when quoting a figure.
set -euo pipefail
cd "$(dirname "$0")/.."

rounds="${ROUNDS:-5}"
plain="samples/Edm.Tracks/bin/Release/net10.0/edm.dll"
profiled="samples/Edm.Tracks/bin/Release-profiled/net10.0/edm.dll"
edmprof="src/Edm.Profiling.Tool/bin/Release/net10.0/edm-prof.dll"

dotnet build samples/Edm.Tracks -c Release --nologo -v quiet
dotnet build samples/Edm.Tracks -c Release -p:EdmProfiling=true --nologo -v quiet
dotnet build src/Edm.Profiling.Tool -c Release --nologo -v quiet

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
root="$(pwd)"
(cd "$work" && dotnet new tool-manifest > /dev/null && dotnet tool install dotnet-trace --version 10.0.750501 > /dev/null)

dotnet "$plain" demo-path > /dev/null        # generate the demo set outside the measured runs
dotnet "$plain" evaluate --demo > /dev/null  # and read it once, so every run finds it in the page cache

# Runs one way once; prints its wall time in milliseconds.
run() {
  local way="$1" round="$2" start end
  start=$(date +%s%N)
  case "$way" in
    plain)
      dotnet "$plain" evaluate --demo > /dev/null ;;
    probes)
      EDM_PROFILING_OUTPUT="$work/probes-$round.json" dotnet "$profiled" evaluate --demo > /dev/null ;;
    sampling)
      EDM_PROFILING_OUTPUT="$work/sampling-$round.json" EDM_PROFILING_BACKENDS=cpu-sampling dotnet "$profiled" evaluate --demo > /dev/null ;;
    sampling-continuous)
      EDM_PROFILING_OUTPUT="$work/sampling-continuous-$round.json" EDM_PROFILING_BACKENDS=cpu-sampling EDM_PROFILING_SAMPLING_DUTY=1 \
        dotnet "$profiled" evaluate --demo > /dev/null ;;
    sampling-cold)
      EDM_PROFILING_OUTPUT="$work/sampling-cold-$round.json" EDM_PROFILING_BACKENDS=cpu-sampling EDM_PROFILING_SAMPLING_DUTY=1 EDM_PROFILING_STOP_REHEARSAL=0 \
        dotnet "$profiled" evaluate --demo > /dev/null ;;
    sampling-rehearsed)
      EDM_PROFILING_OUTPUT="$work/sampling-rehearsed-$round.json" EDM_PROFILING_BACKENDS=cpu-sampling EDM_PROFILING_SAMPLING_DUTY=1 EDM_PROFILING_STOP_REHEARSAL=1 \
        dotnet "$profiled" evaluate --demo > /dev/null ;;
    sampling-windowed)
      EDM_PROFILING_OUTPUT="$work/sampling-windowed-$round.json" EDM_PROFILING_BACKENDS=cpu-sampling EDM_PROFILING_SAMPLING_DUTY=0.25 \
        EDM_PROFILING_SAMPLING_WINDOW="${WINDOW:-}" dotnet "$profiled" evaluate --demo > /dev/null ;;
    floor)
      EDM_PROFILING_OUTPUT="$work/floor-$round.json" EDM_PROFILING_BACKENDS=cpu-sampling EDM_PROFILING_TRACE_DISCARD=1 EDM_PROFILING_SAMPLING_DUTY=1 \
        dotnet "$profiled" evaluate --demo > /dev/null ;;
    floor-windowed)
      EDM_PROFILING_OUTPUT="$work/floor-windowed-$round.json" EDM_PROFILING_BACKENDS=cpu-sampling EDM_PROFILING_TRACE_DISCARD=1 \
        EDM_PROFILING_SAMPLING_DUTY=0.25 EDM_PROFILING_SAMPLING_WINDOW="${WINDOW:-}" dotnet "$profiled" evaluate --demo > /dev/null ;;
    sampling-kept)  # a kept raw trace samples all along (the windows' samples would not be in that file)
      EDM_PROFILING_OUTPUT="$work/sampling-kept-$round.json" EDM_PROFILING_NETTRACE="$work/kept-$round.nettrace" EDM_PROFILING_BACKENDS=cpu-sampling \
        dotnet "$profiled" evaluate --demo > /dev/null ;;
    edm-prof)
      dotnet "$edmprof" run --sample --quiet --out "$work/edm-prof-$round" -- dotnet "$root/$profiled" evaluate --demo > /dev/null 2>&1 ;;
    dotnet-trace)
      (cd "$work" && dotnet tool run dotnet-trace -- collect --profile dotnet-sampled-thread-time -o "$work/trace-$round.nettrace" \
        -- dotnet "$root/$plain" evaluate --demo > /dev/null 2>&1) ;;
    gc)
      EDM_PROFILING_OUTPUT="$work/gc-$round.json" EDM_PROFILING_BACKENDS=gc dotnet "$profiled" evaluate --demo > /dev/null ;;
    memory)
      EDM_PROFILING_OUTPUT="$work/memory-$round.json" EDM_PROFILING_BACKENDS=gc,allocation-sampling dotnet "$profiled" evaluate --demo > /dev/null ;;
    memory-floor)
      EDM_PROFILING_OUTPUT="$work/memory-floor-$round.json" EDM_PROFILING_BACKENDS=gc,allocation-sampling EDM_PROFILING_TRACE_DISCARD=1 \
        dotnet "$profiled" evaluate --demo > /dev/null ;;
    memory-rehearsed)
      EDM_PROFILING_OUTPUT="$work/memory-rehearsed-$round.json" EDM_PROFILING_BACKENDS=gc,allocation-sampling EDM_PROFILING_STOP_REHEARSAL=1 \
        dotnet "$profiled" evaluate --demo > /dev/null ;;
    memory-cold)
      EDM_PROFILING_OUTPUT="$work/memory-cold-$round.json" EDM_PROFILING_BACKENDS=gc,allocation-sampling EDM_PROFILING_STOP_REHEARSAL=0 \
        dotnet "$profiled" evaluate --demo > /dev/null ;;
    memory-client)
      EDM_PROFILING_OUTPUT="$work/memory-client-$round.json" EDM_PROFILING_BACKENDS=gc,allocation-sampling EDM_PROFILING_OWN_PORT=0 \
        dotnet "$profiled" evaluate --demo > /dev/null ;;
    gc-verbose)
      (cd "$work" && dotnet tool run dotnet-trace -- collect --profile gc-verbose -o "$work/gc-verbose-$round.nettrace" \
        -- dotnet "$root/$plain" evaluate --demo > /dev/null 2>&1) ;;
  esac
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

read -r -a ways <<< "${WAYS:-plain probes sampling edm-prof dotnet-trace gc memory gc-verbose}"
has() { [[ " ${ways[*]} " == *" $1 "* ]]; }
echo "load before: $(uptime)"
for round in $(seq 1 "$rounds"); do
  line="round $round:"
  for way in "${ways[@]}"; do
    ms=$(run "$way" "$round")
    echo "$way $ms" >> "$work/times"
    line="$line $way ${ms} ms"
  done
  echo "$line"
done
echo "load after: $(uptime)"

median() { sort -n | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for way in "${ways[@]}"; do
  printf '%-19s median %6s ms\n' "$way" "$(grep "^$way " "$work/times" | cut -d' ' -f2 | median)"
done

# The probes' measured window of the in-process runs (durationNs), and what sampling found.
for way in probes sampling sampling-continuous sampling-cold sampling-rehearsed sampling-windowed floor floor-windowed sampling-kept gc memory memory-floor memory-cold memory-rehearsed memory-client; do
  has "$way" || continue
  window=$(for f in "$work"/$way-[0-9]*.json; do sed -n 's/^  "durationNs": \([0-9]*\),/\1/p' "$f"; done | median)
  # Outside the window: process start, the backends' start, and everything after the probes stop
  # (stopping and reading the trace, writing the session), per round, then the median.
  outside=$(for round in $(seq 1 "$rounds"); do
    w=$(sed -n 's/^  "durationNs": \([0-9]*\),/\1/p' "$work/$way-$round.json")
    echo $(( $(grep "^$way " "$work/times" | sed -n "${round}p" | cut -d' ' -f2) - w / 1000000 ))
  done | median)
  printf '%-19s session window median %6s ms, outside it median %6s ms\n' "$way" "$(( ${window%.*} / 1000000 ))" "$outside"
done
if has sampling-windowed; then
  # The duty the windowed runs measured and recorded (cpuSamples.duty), per round.
  echo "sampling-windowed duty per round: $(for f in "$work"/sampling-windowed-[0-9]*.json; do tr -d ' \n' < "$f" | grep -o '"duty":[0-9.]*' | cut -d: -f2 | cut -c1-5; done | tr '\n' ' ')"
fi
if has memory; then
  # The backends each memory run asked for, and whether they ran (an unknown one is a warning, not a failure).
  echo "memory backends that ran: $(tr -d ' \n' < "$(ls "$work"/memory-*.json | head -1)" | grep -o '"backends":\[[^]]*\]')"
fi
ms_of() { grep "^$1 " "$work/times" | cut -d' ' -f2 | median; }
over() { has "$1" && has "$2" && awk -v a="$(ms_of "$1")" -v b="$(ms_of "$2")" -v w="$1 over $2$([[ $2 == probes ]] && echo ' only')" 'BEGIN { printf "%s: %+.1f%%\n", w, (a / b - 1) * 100 }' || true; }
over sampling probes
over sampling-continuous probes
over sampling-cold probes
over sampling-continuous sampling-cold
over sampling-windowed probes
over floor probes
over floor-windowed probes
over sampling-kept probes
over edm-prof probes
over gc probes
over memory probes
over memory-floor probes
over memory gc
over memory-cold probes
over memory memory-cold
over memory-client probes
over memory memory-client
over sampling-rehearsed probes
over memory-rehearsed probes
over dotnet-trace plain
over gc-verbose plain
over probes plain
