using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// Reads the CPU samples of a converted trace: the <c>Thread/Sample</c> events of the runtime's stack
/// sampler, identical stacks grouped, each frame named and its line resolved (<see cref="TraceFrames"/>).
/// </summary>
internal static class NetTraceReader
{
    /// <summary>Sample types of <c>Thread/Sample</c>: 1 outside managed code, 2 running managed code.</summary>
    private const int External = 1;
    private const int Managed = 2;

    /// <summary>The CPU samples of the <c>.nettrace</c> file <paramref name="nettracePath"/>.</summary>
    internal static SampledStacks Read(string nettracePath)
    {
        using ConvertedTrace trace = ConvertedTrace.Open(nettracePath);
        return Read(trace);
    }

    internal static SampledStacks Read(ConvertedTrace trace)
    {
        // Distinct (stack, state) pairs first: TraceLog already shares identical stacks by index.
        var counts = new Dictionary<(CallStackIndex Stack, bool Running), long>();
        var lastSeen = new Dictionary<int, double>();
        var gaps = new List<double>();
        var result = new SampledStacks(trace.Frames.List);
        foreach (TraceEvent e in trace.Log.Events)
        {
            if (e.ProviderName != SamplingProviders.SampleProfiler)
            {
                continue;
            }

            byte[] payload = e.EventData();
            int type = payload.Length >= 4 ? BitConverter.ToInt32(payload, 0) : 0;
            if (type is not (External or Managed))
            {
                continue;
            }

            if (lastSeen.TryGetValue(e.ThreadID, out double previous) && gaps.Count < 100_000)
            {
                gaps.Add(e.TimeStampRelativeMSec - previous);
            }

            lastSeen[e.ThreadID] = e.TimeStampRelativeMSec;
            CallStackIndex stack = e.CallStackIndex();
            if (stack == CallStackIndex.Invalid)
            {
                result.SamplesWithoutStack++;
                continue;
            }

            var key = (stack, type == Managed);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        result.Threads = lastSeen.Count;
        result.IntervalNs = Median(gaps) is { } gap ? (long)Math.Round(gap * 1_000_000) : 1_000_000;
        foreach (((CallStackIndex stackIndex, bool running), long count) in counts)
        {
            if (trace.Frames.Resolve(trace.Log, stackIndex) is { } stack)
            {
                result.Stacks.Add(new SampledStack(stack.Frames, stack.Lines, running, count));
            }
        }

        return result;
    }

    private static double? Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        values.Sort();
        return values[values.Count / 2];
    }
}
