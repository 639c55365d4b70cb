using System.Diagnostics;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// The runtime's stack sampler on in windows (<see cref="SamplingWindowPlan"/>, <see cref="SamplerWindows"/>),
/// switched by a background thread from the session's start to its stop, so the program pays for the
/// sampler (every managed thread suspended and walked each millisecond) only <see cref="Duty"/> of the time.
/// </summary>
internal sealed class WindowedSampler : IDisposable
{
    /// <summary>How long stopping waits for the window thread.</summary>
    private static readonly TimeSpan s_endTimeout = TimeSpan.FromSeconds(30);

    private readonly ManualResetEventSlim _end = new();
    private readonly SamplerWindows _windows;
    private readonly SamplingWindowLoop _loop;
    private readonly Thread _thread;
    private Exception? _failure;
    private long _threadCpuMilliseconds = -1;
    private bool _disposed;

    private WindowedSampler(double duty, TimeSpan window, bool discard)
    {
        _windows = new SamplerWindows(new WindowSamples(), discard);
        _loop = new SamplingWindowLoop(new SamplingWindowPlan(duty, window, new Random()), new Clock(_end), _windows);
        _thread = new Thread(Run) { IsBackground = true, Name = "Edm.Profiling sampler windows" };
        _thread.Start();
    }

    /// <summary>The share of the time the sampler was on, measured (after <see cref="Stop"/>).</summary>
    internal double Duty => _loop.Duty;

    /// <summary>The windows it was on in and what switching cost (for the trace timing line).</summary>
    internal string Counts => $"{_loop.Windows} sampler windows ({_loop.Skipped} skipped{(_windows.LastRefusal is { } refusal ? ": " + refusal : "")}), on {_loop.On.TotalMilliseconds:0} of {_loop.Span.TotalMilliseconds:0} ms (duty {_loop.Duty:0.000}), switching latency {_loop.Switching.TotalMilliseconds:0} ms, {_windows.Samples.Events} window events, window thread CPU {_threadCpuMilliseconds} ms, window reader CPU {_windows.ReaderCpuMilliseconds} ms";

    /// <summary>Starts switching the sampler on <paramref name="duty"/> of the time (above 0, below 1).</summary>
    /// <param name="duty">The share of the time the sampler is to be on.</param>
    /// <param name="window">How long each window lasts.</param>
    /// <param name="discard">Read the windows' streams and throw them away unparsed (the overhead floor).</param>
    internal static WindowedSampler Start(double duty, TimeSpan window, bool discard) => new(duty, window, discard);

    /// <summary>Ends the windows: the sampler is off and every window read when it returns.</summary>
    /// <exception cref="TimeoutException">The window thread did not end in time.</exception>
    /// <exception cref="InvalidDataException">Switching the sampler or reading a window failed.</exception>
    internal void Stop()
    {
        _end.Set();
        if (!_thread.Join(s_endTimeout))
        {
            throw new TimeoutException($"the sampler windows did not end within {s_endTimeout.TotalSeconds:0} s");
        }

        if (_failure is not null)
        {
            throw new InvalidDataException($"sampling in windows failed after {_loop.Windows} windows ({_failure.Message})", _failure);
        }
    }

    /// <summary>The windows' samples, named through <paramref name="frames"/> and <paramref name="code"/>, with the duty they were taken at.</summary>
    internal SampledStacks Build(TraceFrames frames, CompiledMethods code)
    {
        SampledStacks stacks = _windows.Samples.Build(frames, code);
        stacks.Duty = _loop.Duty;
        stacks.Windows = _loop.Windows;
        return stacks;
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _end.Set();
        _thread.Join(s_endTimeout);
        _windows.Dispose();
        _end.Dispose();
    }

    private void Run()
    {
        try
        {
            _loop.Run();
            _threadCpuMilliseconds = ThreadCpu.OfCurrentThreadMilliseconds();
        }
#pragma warning disable CA1031 // The window thread must not bring the program down: the failure is reported at Stop.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _failure = e;
        }
    }

    /// <summary>The real clock; waiting ends early when the sampler is stopped.</summary>
    private sealed class Clock(ManualResetEventSlim end) : IWindowClock
    {
        public long Now => Stopwatch.GetTimestamp();

        public bool Wait(TimeSpan time) => time > TimeSpan.Zero ? end.Wait(time) : end.IsSet;
    }
}
