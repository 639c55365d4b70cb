namespace Edm.Profiling;

/// <summary>
/// The backends a session asked for by name, beyond the built-in probes and I/O counters: created,
/// started, stopped and completed together, each fault caught and turned into a warning and a
/// <see cref="BackendStatus"/> that says it did not run.
/// </summary>
internal sealed class BackendSet
{
    private readonly List<Entry> _entries;
    private bool _stopped;

    private BackendSet(List<Entry> entries) => _entries = entries;

    internal static BackendSet Create(IReadOnlyList<string> names)
    {
        var entries = new List<Entry>();
        foreach (string name in names)
        {
            if (IsBuiltIn(name) || entries.Exists(e => string.Equals(e.Name, name, StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            IProfilerBackend? backend = ProfilerBackends.Create(name, out string? problem);
            entries.Add(new Entry(name, backend) { Problem = problem });
        }

        return new BackendSet(entries);
    }

    internal void StartAll(ProfilingSession session)
    {
        foreach (Entry entry in _entries)
        {
            if (entry.Backend is not { } backend)
            {
                continue;
            }

            try
            {
                backend.Start(session);
                entry.Running = true;
            }
#pragma warning disable CA1031 // A backend that cannot start becomes a warning; the session goes on.
            catch (Exception e)
#pragma warning restore CA1031
            {
                entry.Problem = $"Backend '{entry.Name}' did not start: {OneLine(e)}; the session has no section of it.";
            }
        }
    }

    /// <summary>Stops the running backends, last started first. Once.</summary>
    internal void StopAll()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        for (int i = _entries.Count - 1; i >= 0; i--)
        {
            Entry entry = _entries[i];
            if (!entry.Running)
            {
                continue;
            }

            try
            {
                entry.Backend!.StopRecording();
            }
#pragma warning disable CA1031 // A backend's fault becomes a warning.
            catch (Exception e)
#pragma warning restore CA1031
            {
                entry.Running = false;
                entry.Problem = $"Backend '{entry.Name}' failed when it stopped: {OneLine(e)}; the session has no section of it.";
            }
        }
    }

    /// <summary>Lets each backend that ran add its section, then records how each fared.</summary>
    internal SessionReport CompleteAll(SessionReport report)
    {
        if (_entries.Count == 0)
        {
            return report;
        }

        foreach (Entry entry in _entries)
        {
            if (!entry.Running)
            {
                continue;
            }

            try
            {
                report = entry.Backend!.Complete(report);
            }
#pragma warning disable CA1031 // A backend's fault becomes a warning.
            catch (Exception e)
#pragma warning restore CA1031
            {
                entry.Running = false;
                entry.Problem = $"Backend '{entry.Name}' failed to add its section: {OneLine(e)}; the session has no section of it.";
            }
        }

        var warnings = new List<string>(report.Warnings);
        var statuses = new List<BackendStatus>();
        foreach (Entry entry in _entries)
        {
            if (entry.Problem is { } problem)
            {
                warnings.Add(problem);
            }

            statuses.Add(new BackendStatus { Name = entry.Name, Ran = entry.Running, Message = entry.Problem });
        }

        return report with { Warnings = warnings, Backends = statuses };
    }

    private static bool IsBuiltIn(string name) =>
        string.Equals(name, ProfilerBackends.Probes, StringComparison.OrdinalIgnoreCase)
        || string.Equals(name, ProfilerBackends.Io, StringComparison.OrdinalIgnoreCase);

    private static string OneLine(Exception e)
    {
        string message = e.Message.Replace('\r', ' ').Replace('\n', ' ').Trim();
        return $"{e.GetType().Name}: {message}";
    }

    private sealed class Entry(string name, IProfilerBackend? backend)
    {
        internal string Name { get; } = name;

        internal IProfilerBackend? Backend { get; } = backend;

        internal bool Running { get; set; }

        internal string? Problem { get; set; }
    }
}
