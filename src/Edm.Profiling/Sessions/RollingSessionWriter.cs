using System.Globalization;

namespace Edm.Profiling;

/// <summary>
/// Writes a running session as a series of interval sessions (<see cref="SessionOptions.FlushInterval"/>):
/// every interval the ticker (<see cref="ProfilerTicker"/>) cuts the calls completed since the last cut (<see cref="IntervalCut"/>) and writes
/// them atomically to a numbered file, deleting the oldest beyond <see cref="SessionOptions.MaxFiles"/>; the
/// session's stop writes the last interval. So a process that is killed loses at most the interval it was in.
/// </summary>
/// <remarks>
/// Nothing here throws into the program: an interval that cannot be written (a full disk, a folder gone)
/// leaves no file, its calls are counted in the next interval, and that interval carries a warning saying
/// so; the first failure of a streak, and a failed last interval, also print one line on standard error.
/// </remarks>
internal sealed class RollingSessionWriter : IDisposable
{
    private static Action<SessionReport, string>? s_testWriter;

    private readonly ProfilingSession _session;
    private readonly string _output;
    private readonly int _maxFiles;
    private readonly object _gate = new();
    private readonly Queue<string> _files = new();
    private readonly List<string> _carried = [];
    private readonly IDisposable _ticks;
    private int _written;
    private bool _failing;
    private bool _finished;

    private RollingSessionWriter(ProfilingSession session, TimeSpan interval, string output, int maxFiles)
    {
        _session = session;
        _output = output;
        _maxFiles = Math.Max(0, maxFiles);
        RunId = Guid.NewGuid().ToString("N");
        _ticks = ProfilerTicker.Every(interval, () => Flush(last: false), first: interval);
    }

    /// <summary>Identifier shared by the interval files of this run (<see cref="SessionInterval.RunId"/>).</summary>
    internal string RunId { get; }

    /// <summary>Files of this run written and not rotated away, oldest first.</summary>
    internal IReadOnlyList<string> Files
    {
        get
        {
            lock (_gate)
            {
                return [.. _files];
            }
        }
    }

    internal static RollingSessionWriter Start(ProfilingSession session, TimeSpan interval, string output, int maxFiles) =>
        new(session, interval, output, maxFiles);

    /// <summary>Replaces the file writer (a test's full disk) until the returned handle is disposed.</summary>
    internal static IDisposable OverrideWriter(Action<SessionReport, string> write)
    {
        s_testWriter = write;
        return new RestoreWriter();
    }

    /// <summary>
    /// Writes the interval that ends now; with <paramref name="last"/>, the session has stopped and this is
    /// its last interval, after which nothing more is written. Never throws.
    /// </summary>
    internal void Flush(bool last)
    {
        try
        {
            lock (_gate)
            {
                if (_finished)
                {
                    return;
                }

                if (last)
                {
                    _finished = true;
                    _ticks.Dispose();
                }

                WriteInterval(last);
            }
        }
#pragma warning disable CA1031 // Runs on the ticker's thread and at exit: profiling never throws into the program.
        catch (Exception e)
#pragma warning restore CA1031
        {
            SessionState.Warn($"Rolling session: an interval could not be cut ({e.GetType().Name}: {e.Message}).");
        }
    }

    private void WriteInterval(bool last)
    {
        (SessionReport report, Action commit) = _session.CutInterval();
        int index = _written + 1;
        report = report with
        {
            Interval = new SessionInterval
            {
                RunId = RunId,
                Index = index,
                RunStartedAt = _session.StartedAt,
                EndedAt = report.StartedAt.AddTicks(report.DurationNs / 100),
                Last = last,
            },
            Warnings = [.. report.Warnings, .. _carried],
        };

        string path = PathOf(index);
        try
        {
            (s_testWriter ?? SessionJson.WriteFile)(report, path);
        }
#pragma warning disable CA1031 // Any failure of the write (full disk, permissions, a writer's bug) leaves the interval for the next.
        catch (Exception e)
#pragma warning restore CA1031
        {
            string problem = $"interval {index} could not be written to {path} ({e.GetType().Name}: {e.Message})";
            if (!_failing || last)
            {
                Console.Error.WriteLine(last
                    ? $"edm-profiling: the last {problem}; its calls are lost."
                    : $"edm-profiling: {problem}; its calls are counted in the next interval.");
            }

            _failing = true;
            _carried.Add($"The {problem}; its calls are counted in this interval.");
            return;
        }

        commit();
        _written = index;
        _failing = false;
        _carried.Clear();
        _files.Enqueue(path);
        Rotate();
    }

    /// <summary>Deletes this run's oldest interval files beyond the cap; a file that will not go is left, with a warning in the next interval.</summary>
    private void Rotate()
    {
        while (_maxFiles > 0 && _files.Count > _maxFiles)
        {
            string oldest = _files.Dequeue();
            try
            {
                File.Delete(oldest);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                _carried.Add($"The old interval file {oldest} could not be deleted ({e.Message}).");
            }
        }
    }

    /// <summary>
    /// A path ending in <c>.json</c> gives <c>&lt;path without .json&gt;-000001.json</c>, …; anything else is a folder,
    /// with files named after the session, its start and the process id, then the interval's number.
    /// </summary>
    internal string PathOf(int index)
    {
        string number = index.ToString("D6", CultureInfo.InvariantCulture);
        if (_output.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !Directory.Exists(_output))
        {
            return Path.ChangeExtension(_output, null) + "-" + number + ".json";
        }

        string pid = System.Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        return Path.Combine(_output, $"{SessionFileName.Stem(_session.Name, _session.StartedAt)}-{pid}-{number}.json");
    }

    /// <summary>Stops the ticks without writing (the session's stop writes the last interval first).</summary>
    public void Dispose() => _ticks.Dispose();

    private sealed class RestoreWriter : IDisposable
    {
        public void Dispose() => s_testWriter = null;
    }
}
