using System.Diagnostics;
using System.Globalization;
using System.Text;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// Where the wall time of one shared EventPipe trace goes (starting it, stopping it, reading it, each
/// backend's attribution), written as one line to standard error when <c>EDM_PROFILING_TRACE_TIMING</c>
/// is on: the measurement behind the sampling-overhead figures. Off, it records nothing.
/// </summary>
internal sealed class TraceTimings
{
    private readonly List<(string Phase, double Milliseconds)> _phases = [];
    private readonly List<string> _notes = [];

    private TraceTimings(bool enabled) => Enabled = enabled;

    internal bool Enabled { get; }

    /// <summary>Timings for one trace, on when the switch says so.</summary>
    internal static TraceTimings FromEnvironment() =>
        new(ProfilingSwitches.IsOn(ProfilingSwitches.Read(ProfilingSwitches.TraceTimingVariable)));

    /// <summary>A running clock for <see cref="Add"/>, or 0 when off.</summary>
    internal long Begin() => Enabled ? Stopwatch.GetTimestamp() : 0;

    /// <summary>Records <paramref name="phase"/> as lasting from <paramref name="begun"/> (from <see cref="Begin"/>) to now.</summary>
    internal void Add(string phase, long begun)
    {
        if (!Enabled)
        {
            return;
        }

        double milliseconds = Stopwatch.GetElapsedTime(begun).TotalMilliseconds;
        lock (_phases)
        {
            _phases.Add((phase, milliseconds));
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
            foreach ((string phase, double milliseconds) in _phases)
            {
                line.Append(CultureInfo.InvariantCulture, $" {phase} {milliseconds:0} ms,");
            }

            foreach (string note in _notes)
            {
                line.Append(CultureInfo.InvariantCulture, $" {note},");
            }
        }

        Console.Error.WriteLine(line.ToString().TrimEnd(','));
    }
}
