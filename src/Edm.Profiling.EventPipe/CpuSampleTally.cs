using System.Runtime.InteropServices;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// Counts the CPU samples of a trace as its events pass (live, or from a converted file): the
/// <c>Thread/Sample</c> events of the runtime's stack sampler, identical (stack, state) pairs counted once.
/// <see cref="Build"/> then names each stack's frames and lines (<see cref="TraceFrames"/>).
/// </summary>
internal sealed class CpuSampleTally
{
    /// <summary>Sample types of <c>Thread/Sample</c>: 1 outside managed code, 2 running managed code.</summary>
    private const int External = 1;
    private const int Managed = 2;

    /// <summary>The runtime's stack sampler's provider id (a fixed GUID, not one derived from its name).</summary>
    private static readonly Guid s_sampleProfiler = new("3c530d44-97ae-513a-1e6d-783e8f8e03a9");

    // Distinct (stack, state) pairs: TraceLog already shares identical stacks by index.
    private readonly Dictionary<(CallStackIndex Stack, bool Running), long> _counts = [];
    private readonly Dictionary<int, double> _lastSeen = [];
    private readonly List<double> _gaps = [];
    private long _withoutStack;

    /// <summary>Counts <paramref name="e"/> if it is a CPU sample (any other event is ignored).</summary>
    internal void Add(TraceEvent e)
    {
        // By id too: the real-time parser knows the provider by its GUID only (its events come unnamed).
        if (e.ProviderGuid != s_sampleProfiler && e.ProviderName != SamplingProviders.SampleProfiler)
        {
            return;
        }

        // Read in place: EventData() would copy the payload into a new array for every sample.
        int type = e.EventDataLength >= 4 ? Marshal.ReadInt32(e.DataStart) : 0;
        if (type is not (External or Managed))
        {
            return;
        }

        if (_lastSeen.TryGetValue(e.ThreadID, out double previous) && _gaps.Count < 100_000)
        {
            _gaps.Add(e.TimeStampRelativeMSec - previous);
        }

        _lastSeen[e.ThreadID] = e.TimeStampRelativeMSec;
        CallStackIndex stack = e.CallStackIndex();
        if (stack == CallStackIndex.Invalid)
        {
            _withoutStack++;
            return;
        }

        var key = (stack, type == Managed);
        _counts[key] = _counts.GetValueOrDefault(key) + 1;
    }

    /// <summary>The samples counted, their stacks named through <paramref name="frames"/> from <paramref name="log"/>.</summary>
    internal SampledStacks Build(TraceLog log, TraceFrames frames)
    {
        var result = new SampledStacks(frames.List)
        {
            Threads = _lastSeen.Count,
            IntervalNs = Median(_gaps) is { } gap ? (long)Math.Round(gap * 1_000_000) : 1_000_000,
            SamplesWithoutStack = _withoutStack,
        };

        foreach (((CallStackIndex stackIndex, bool running), long count) in _counts)
        {
            if (frames.Resolve(log, stackIndex) is { } stack)
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
