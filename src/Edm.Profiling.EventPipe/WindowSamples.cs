namespace Edm.Profiling.EventPipe;

/// <summary>
/// The CPU samples of the sampler's windows (<see cref="SamplerWindows"/>): each window is an EventPipe
/// session of its own, so a stream of its own, read here one after the other into one count, their stacks
/// interned together. The stacks are named with the main session's method events (<see cref="Build"/>).
/// </summary>
internal sealed class WindowSamples : INetTraceEvents
{
    private const int Sample = 1;

    /// <summary>The runtime sampler's set pace (1 ms in .NET 10): the on-time of a window of one tick.</summary>
    private const double SamplerTickSeconds = 0.001;

    private readonly InternedStacks _stacks = new();
    private readonly CpuSampleTally<int> _cpu = new();
    private readonly Dictionary<long, int> _windowTicks = [];
    private NetTraceParser? _parser;
    private long _first;
    private long _last;

    /// <summary>Events read, all windows.</summary>
    internal long Events { get; private set; }

    /// <summary>
    /// Reads one window's stream to its end; returns how long the sampler was on in it, from its samples:
    /// the first to the last, plus one gap (the span of <c>k</c> ticks is <c>k − 1</c> gaps). Null when it held
    /// no sample. The sampler starts and stops somewhere inside the requests that switch it, so their
    /// durations would not say it.
    /// </summary>
    /// <exception cref="InvalidDataException">The stream is not a nettrace stream this reader knows, or ends early.</exception>
    internal TimeSpan? Read(Stream stream)
    {
        _windowTicks.Clear();
        _parser = new NetTraceParser(stream, this, _stacks);
        _parser.ReadAll();
        int ticks = _windowTicks.Count == 0 ? 0 : _windowTicks.Values.Max();
        if (ticks == 0)
        {
            return null;
        }

        double seconds = (double)(_last - _first) / _parser.TicksPerSecond;
        return TimeSpan.FromSeconds(ticks > 1 ? seconds * ticks / (ticks - 1) : SamplerTickSeconds);
    }

    /// <summary>The samples of every window, their stacks named through <paramref name="frames"/> and <paramref name="code"/>.</summary>
    internal SampledStacks Build(TraceFrames frames, CompiledMethods code) =>
        _cpu.Build(frames.List, id => frames.Resolve(_stacks, id, code));

    /// <inheritdoc />
    public int Classify(string provider, int eventId) => provider == SamplingProviders.SampleProfiler ? Sample : 0;

    /// <inheritdoc />
    public void OnEvent(int code, in NetTraceEvent header, ReadOnlySpan<byte> payload)
    {
        Events++;
        int type = payload.Length >= 4 ? BitConverter.ToInt32(payload) : 0;
        if (type is ThreadSample.External or ThreadSample.Managed)
        {
            // The process's clock, not the window's start: the gaps of a thread are measured across windows' streams.
            double milliseconds = header.Timestamp * 1000.0 / _parser!.TicksPerSecond;
            if (_windowTicks.Count == 0 || header.Timestamp < _first)
            {
                _first = header.Timestamp;
            }

            _last = Math.Max(_windowTicks.Count == 0 ? header.Timestamp : _last, header.Timestamp);
            _windowTicks[header.ThreadId] = _windowTicks.GetValueOrDefault(header.ThreadId) + 1;
            _cpu.Add(header.ThreadId, milliseconds, header.Stack >= 0 ? header.Stack : null, type == ThreadSample.Managed);
        }
    }
}
