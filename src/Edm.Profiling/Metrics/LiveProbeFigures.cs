#if NET
using System.Diagnostics.Metrics;

namespace Edm.Profiling;

/// <summary>
/// What the instruments of <see cref="ProfilingMetrics"/> report, read from the running session's thread
/// buffers when a listener collects: each figure summed over threads per probe, and the duration
/// percentiles of the calls completed since the previous collection (the difference of the merged
/// histograms then and now). Nothing here runs on a probe's call path.
/// </summary>
/// <remarks>
/// A slot is written by its thread while this reads it; every field is a 64-bit integer, so a figure may
/// be a call behind, never torn. A failure here never reaches the listener: the collection reports
/// nothing and the session gets a warning.
/// </remarks>
internal sealed class LiveProbeFigures
{
    private static readonly (double Quantile, string Text)[] s_quantiles = [(0.50, "0.5"), (0.90, "0.9"), (0.99, "0.99")];

    private readonly object _gate = new();

    // Percentile state: the merged histogram of each probe at the previous collection, for one session epoch.
    private int _histogramEpoch;
    private Dictionary<int, long[]> _previous = [];
    private Dictionary<int, long[]> _current = [];

    private KeyValuePair<string, object?>[]?[] _tags = [];

    internal IEnumerable<Measurement<long>> Observe(Func<ProbeSlot, long> figure) =>
        Collect(buffers => Sum(buffers, figure, detailedOnly: false, (id, total) => new Measurement<long>(total, TagsOf(id))));

    internal IEnumerable<Measurement<double>> ObserveSeconds(Func<ProbeSlot, long> ticks) =>
        Collect(buffers =>
        {
            long frequency = ProbeClock.Frequency;
            return Sum(buffers, ticks, detailedOnly: false, (id, total) => new Measurement<double>(Seconds(total, frequency), TagsOf(id)));
        });

    internal IEnumerable<Measurement<long>> ObserveAllocations() =>
        Collect(buffers => Sum(buffers, static s => s.AllocatedBytes, detailedOnly: true, (id, total) => new Measurement<long>(total, TagsOf(id))));

    internal IEnumerable<Measurement<double>> ObservePercentiles() =>
        Collect(buffers =>
        {
            lock (_gate)
            {
                return Percentiles(buffers);
            }
        });

    private static double Seconds(long ticks, long frequency) => ProbeClock.ToNanoseconds(ticks, frequency) / 1e9;

    /// <summary>Runs a collection over the running session's buffers; an empty one when none runs or the reading fails.</summary>
    private static List<Measurement<T>> Collect<T>(Func<(int Epoch, List<ThreadBuffer> Buffers), List<Measurement<T>>> read)
        where T : struct
    {
        try
        {
            int epoch = SessionState.RecordingEpoch;
            return epoch == 0 ? [] : read((epoch, SessionState.PeekBuffers(epoch)));
        }
#pragma warning disable CA1031 // Profiling never throws into the program, and a listener's collection runs in it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            SessionState.Warn($"Live metrics: a collection failed ({e.GetType().Name}: {e.Message}); it reported nothing.");
            return [];
        }
    }

    private static List<Measurement<T>> Sum<T>((int Epoch, List<ThreadBuffer> Buffers) session, Func<ProbeSlot, long> figure, bool detailedOnly, Func<int, long, Measurement<T>> measure)
        where T : struct
    {
        var measurements = new List<Measurement<T>>();
        int count = ProbeRegistry.Count;
        for (int id = 0; id < count; id++)
        {
            long calls = 0, detailedCalls = 0, total = 0;
            foreach (ThreadBuffer buffer in session.Buffers)
            {
                if (buffer.SettledProbe(id) is { } slot)
                {
                    calls += slot.Calls;
                    detailedCalls += slot.DetailedCalls;
                    total += figure(slot);
                }
            }

            if (calls > 0 && (!detailedOnly || detailedCalls > 0) && !ProbeCalibration.IsOwn(ProbeRegistry.Get(id).Name))
            {
                measurements.Add(measure(id, total));
            }
        }

        return measurements;
    }

    private List<Measurement<double>> Percentiles((int Epoch, List<ThreadBuffer> Buffers) session)
    {
        if (session.Epoch != _histogramEpoch)
        {
            _histogramEpoch = session.Epoch;
            _previous.Clear();
        }

        var measurements = new List<Measurement<double>>();
        long frequency = ProbeClock.Frequency;
        int count = ProbeRegistry.Count;
        var interval = new long[LatencyHistogram.BucketCount];
        for (int id = 0; id < count; id++)
        {
            if (!MergeHistogram(session.Buffers, id, out long[]? merged) || ProbeCalibration.IsOwn(ProbeRegistry.Get(id).Name))
            {
                continue;
            }

            long[]? before = _previous.GetValueOrDefault(id);
            long total = 0;
            int first = -1, last = -1;
            for (int i = 0; i < interval.Length; i++)
            {
                // Never below zero: a figure read a call behind last time may be a call ahead now, not the reverse.
                long n = Math.Max(0, merged[i] - (before?[i] ?? 0));
                interval[i] = n;
                if (n > 0)
                {
                    total += n;
                    first = first < 0 ? i : first;
                    last = i;
                }
            }

            if (total == 0)
            {
                continue;
            }

            long min = LatencyHistogram.LowerBound(first), max = LatencyHistogram.UpperBound(last) - 1;
            foreach ((double quantile, string text) in s_quantiles)
            {
                long ticks = LatencyHistogram.ValueAt(interval, total, quantile, min, max);
                measurements.Add(new Measurement<double>(Seconds(ticks, frequency), [.. TagsOf(id), new(ProfilingMetrics.QuantileTag, text)]));
            }
        }

        // What was read now is the start of the next interval; the arrays of the one before are reused.
        (_previous, _current) = (_current, _previous);
        return measurements;
    }

    /// <summary>Sums the probe's histogram over threads into an array kept for the next collection; false when it has no call.</summary>
    private bool MergeHistogram(List<ThreadBuffer> buffers, int id, out long[] merged)
    {
        if (!_current.TryGetValue(id, out merged!))
        {
            merged = _current[id] = new long[LatencyHistogram.BucketCount];
        }

        Array.Clear(merged);
        bool any = false;
        foreach (ThreadBuffer buffer in buffers)
        {
            ProbeSlot?[] slots = buffer.Probes;
            if (id < slots.Length && slots[id] is { Calls: > 0 } slot)
            {
                any = true;
                long[] histogram = slot.Histogram;
                for (int i = 0; i < histogram.Length; i++)
                {
                    merged[i] += histogram[i];
                }
            }
        }

        return any;
    }

    /// <summary>The method, category and layer tags of a probe, built once per probe (descriptors do not change).</summary>
    private KeyValuePair<string, object?>[] TagsOf(int id)
    {
        lock (_gate)
        {
            if (id >= _tags.Length)
            {
                Array.Resize(ref _tags, Math.Max(id + 1, _tags.Length * 2));
            }

            if (_tags[id] is { } tags)
            {
                return tags;
            }

            ProbeDescriptor d = ProbeRegistry.Get(id);
            return _tags[id] =
            [
                new(ProfilingMetrics.MethodTag, d.Name),
                new(ProfilingMetrics.CategoryTag, d.Category ?? ""),
                new(ProfilingMetrics.LayerTag, ProfilingSwitches.FormatLayer(d.Layer)),
            ];
        }
    }
}
#endif
