using System.Diagnostics;
using System.Globalization;
using System.Runtime;
using System.Text;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// Where the wall time of one shared EventPipe trace goes (starting it, stopping it, reading it, each
/// backend's attribution), written as one line to standard error when <c>EDM_PROFILING_TRACE_TIMING</c>
/// is on: the measurement behind the sampling-overhead figures. Each phase also says how many methods its
/// thread compiled meanwhile and the JIT's time (on first use the JIT, not the work, is most of a phase).
/// Off, it records nothing.
/// </summary>
internal sealed class TraceTimings
{
    private readonly List<(string Phase, double Milliseconds, long Compiled, double JitMilliseconds)> _phases = [];
    private readonly List<string> _notes = [];

    private TraceTimings(bool enabled) => Enabled = enabled;

    internal bool Enabled { get; }

    /// <summary>Timings for one trace, on when the switch says so.</summary>
    internal static TraceTimings FromEnvironment() =>
        new(ProfilingSwitches.IsOn(ProfilingSwitches.Read(ProfilingSwitches.TraceTimingVariable)));

    /// <summary>A running clock and the current thread's JIT counts, for <see cref="Add"/>; empty when off.</summary>
    internal Mark Begin() => Enabled
        ? new Mark(Stopwatch.GetTimestamp(), JitInfo.GetCompiledMethodCount(currentThread: true), JitInfo.GetCompilationTime(currentThread: true))
        : default;

    /// <summary>Records <paramref name="phase"/> as lasting from <paramref name="begun"/> (from <see cref="Begin"/>, on the same thread) to now.</summary>
    internal void Add(string phase, Mark begun)
    {
        if (!Enabled)
        {
            return;
        }

        double milliseconds = Stopwatch.GetElapsedTime(begun.Timestamp).TotalMilliseconds;
        long compiled = JitInfo.GetCompiledMethodCount(currentThread: true) - begun.Compiled;
        double jitMilliseconds = (JitInfo.GetCompilationTime(currentThread: true) - begun.JitTime).TotalMilliseconds;
        lock (_phases)
        {
            _phases.Add((phase, milliseconds, compiled, jitMilliseconds));
        }
    }

    /// <summary>Adds a figure that is not a duration (sizes, counts).</summary>
    internal void Note(string note)
    {
        if (Enabled)
        {
            lock (_phases)
            {
                _notes.Add(note);
            }
        }
    }

    /// <summary>Writes the line, once the trace is done.</summary>
    internal void Write()
    {
        if (!Enabled)
        {
            return;
        }

        var line = new StringBuilder("edm-profiling trace timing:");
        lock (_phases)
        {
            foreach ((string phase, double milliseconds, long compiled, double jitMilliseconds) in _phases)
            {
                line.Append(CultureInfo.InvariantCulture, $" {phase} {milliseconds:0} ms ({compiled} methods compiled, JIT {jitMilliseconds:0} ms),");
            }

            foreach (string note in _notes)
            {
                line.Append(CultureInfo.InvariantCulture, $" {note},");
            }
        }

        Console.Error.WriteLine(line.ToString().TrimEnd(','));
    }

    /// <summary>Where a phase began: the clock, and the methods its thread had compiled and the JIT's time so far.</summary>
    internal readonly record struct Mark(long Timestamp, long Compiled, TimeSpan JitTime);
}
