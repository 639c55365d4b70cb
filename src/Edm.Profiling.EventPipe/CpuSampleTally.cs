using System.Runtime.InteropServices;

namespace Edm.Profiling.EventPipe;

/// <summary>The runtime stack sampler's <c>Thread/Sample</c> event: its provider and the sample types it counts.</summary>
internal static class ThreadSample
{
    /// <summary>Sample type of a thread outside managed code (waiting, in native code).</summary>
    internal const int External = 1;

    /// <summary>Sample type of a thread running managed code.</summary>
    internal const int Managed = 2;

    /// <summary>The runtime's stack sampler's provider id (a fixed GUID, not one derived from its name).</summary>
    internal static readonly Guid ProviderGuid = new("3c530d44-97ae-513a-1e6d-783e8f8e03a9");
}

/// <summary>
/// Counts the CPU samples of a trace as its events pass (read live, or from a converted file): identical
/// (stack, state) pairs counted once, stacks given as whatever key the reader interns them by
/// (<typeparamref name="TStack"/>). <see cref="Build"/> then names each stack's frames and lines.
/// </summary>
internal sealed class CpuSampleTally<TStack>
    where TStack : struct
{
    private readonly Dictionary<(TStack Stack, bool Running), long> _counts = [];
    private readonly Dictionary<long, double> _lastSeen = [];
    private readonly List<double> _gaps = [];
    private long _withoutStack;

    /// <summary>Counts a sample of <paramref name="thread"/> at <paramref name="milliseconds"/>; <paramref name="stack"/> null when the event had none.</summary>
    internal void Add(long thread, double milliseconds, TStack? stack, bool running)
    {
        ref double previous = ref CollectionsMarshal.GetValueRefOrAddDefault(_lastSeen, thread, out bool seen);
        if (seen && _gaps.Count < 100_000)
        {
            _gaps.Add(milliseconds - previous);
        }

        previous = milliseconds;
        if (stack is not { } key)
        {
            _withoutStack++;
            return;
        }

        CollectionsMarshal.GetValueRefOrAddDefault(_counts, (key, running), out _)++;
    }

    /// <summary>The samples counted, each stack named by <paramref name="resolve"/> (null: left out) into <paramref name="frames"/>.</summary>
    internal SampledStacks Build(List<StackFrame> frames, Func<TStack, ResolvedStack?> resolve)
    {
        var result = new SampledStacks(frames)
        {
            Threads = _lastSeen.Count,
            IntervalNs = Median(_gaps) is { } gap ? (long)Math.Round(gap * 1_000_000) : 1_000_000,
            SamplesWithoutStack = _withoutStack,
        };

        foreach (((TStack stackKey, bool running), long count) in _counts)
        {
            if (resolve(stackKey) is { } stack)
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
