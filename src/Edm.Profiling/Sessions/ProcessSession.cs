namespace Edm.Profiling;

/// <summary>
/// Process mode: with <c>EDM_PROFILING_OUTPUT</c> set to a file or a directory, a session starts at
/// the first probe and is written there when the process exits. This is how <c>edm-prof run</c>
/// profiles a program from outside. In a VSTest test host (<c>dotnet test</c>) it is written at the
/// end of the test run instead (<see cref="TestRunListener"/>) and named after the test project. With
/// <c>EDM_PROFILING_FLUSH_INTERVAL</c> it is written in intervals instead (<see cref="RollingSessionWriter"/>).
/// </summary>
internal static class ProcessSession
{
    // Start-up states. Reaching Decided is what lets a probe go on: the session runs by then, or never will.
    private const int NotStarted = 0;
    private const int Starting = 1;
    private const int Decided = 2;

    private static readonly object s_startGate = new();
    private static volatile int s_state;
    private static ProfilingSession? s_session;
    private static string? s_output;

    // In a test host: the listener (held here so it lives as long as the process), and whether the
    // session as it stood at the end of the last run is written.
    private static TestRunListener? s_testRunListener;
    private static volatile bool s_writtenAtRunEnd;

    /// <summary>
    /// Starts the process session if <c>EDM_PROFILING_OUTPUT</c> asks for one; called by every probe
    /// registration and by a scope that finds no session. Returns once the session records (or once it
    /// is clear that none will), so no thread's call can slip past a session that is still starting.
    /// After start-up it is one volatile read.
    /// </summary>
    internal static void EnsureStarted()
    {
        if (s_state != Decided)
        {
            StartOnce();
        }
    }

    /// <summary>
    /// Threads that arrive while another starts the session wait at the gate until it records (the
    /// probes that brought them here are registered from their types' static initialisers, before
    /// their first call). The gate is re-entrant: a probe reached from the start-up code itself comes
    /// back on the same thread, finds <see cref="Starting"/> and goes on unrecorded, as a call made
    /// before the session would.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static void StartOnce()
    {
        lock (s_startGate)
        {
            if (s_state != NotStarted)
            {
                return;
            }

            s_state = Starting;
            try
            {
                Start();
            }
            finally
            {
                s_state = Decided;
            }
        }

        // Outside the gate: a listener calls back into event sources, and no thread waits on those.
        if (s_session is not null && IsVsTestHost())
        {
            ListenForTestRunEnd();
        }
    }

    private static void Start()
    {
        string? output = System.Environment.GetEnvironmentVariable(ProfilingSwitches.OutputVariable);
        if (string.IsNullOrWhiteSpace(output) || !Profiler.Enabled || SessionState.Active is not null)
        {
            return;
        }

        try
        {
            s_output = output;
            string name = ProfilingSwitches.Read(ProfilingSwitches.SessionNameVariable) is { } given
                ? given
                : DefaultName();
            // Process sessions feed comparisons: they keep durations unless EDM_PROFILING_RESERVOIR says otherwise.
            // With a flush interval they are written in intervals, beside where the whole would have gone.
            SessionOptions options = SessionOptions.FromEnvironment(new SessionOptions { SampleReservoirSize = SessionOptions.ComparisonReservoirSize }) with { IntervalOutput = output };
            s_session = ProfilingSession.Start(name, options, processWide: true);
            if (ProfilingSwitches.ReadFlushInterval(out string? problem) is null && problem is not null)
            {
                SessionState.Warn(problem);
            }

            AppDomain.CurrentDomain.ProcessExit += (_, _) => WriteAtExit();
            WatchSignals();
        }
        catch (InvalidOperationException)
        {
            // A session started explicitly first; it wins.
        }
    }

    /// <summary>The entry assembly's name; in a test host, the test project's, as the host's own is <c>testhost</c>.</summary>
    private static string DefaultName()
    {
        string? entry = System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name;
        if (IsVsTestHost() && TestProjectName() is { } project)
        {
            return project;
        }

        return entry ?? "process";
    }

    /// <summary>VSTest runs .NET tests in <c>testhost.dll</c> (<c>testhost.x86</c>, … on other platforms).</summary>
    internal static bool IsVsTestHost() =>
        System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name is { } entry
        && entry.StartsWith("testhost", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// The runner starts the host as <c>dotnet exec --depsfile &lt;TestProject&gt;.deps.json … testhost.dll</c>:
    /// the application's deps file, the first the host lists, names the test project.
    /// </summary>
    internal static string? TestProjectName()
    {
        const string Suffix = ".deps.json";
        string? first = (AppContext.GetData("APP_CONTEXT_DEPS_FILES") as string)?.Split(';')[0];
        string file = Path.GetFileName(first ?? "");
        return file.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase) && file.Length > Suffix.Length
            ? file[..^Suffix.Length]
            : null;
    }

    private static void ListenForTestRunEnd()
    {
        try
        {
            s_testRunListener = new TestRunListener();
        }
#pragma warning disable CA1031 // Profiling never throws into user code; the exit-time write remains.
        catch (Exception e)
#pragma warning restore CA1031
        {
            SessionState.Warn($"The end of the test run could not be watched ({e.GetType().Name}: {e.Message}); the session is written at exit, which the test runner may cut short.");
        }
    }

    /// <summary>A test run began in this host (a host kept alive may run several): the next exit-time write is needed again.</summary>
    internal static void OnTestRunStarted() => s_writtenAtRunEnd = false;

    /// <summary>
    /// The test run ended: every test has returned and the host has not yet reported the run complete.
    /// The session as it stands is written now, on the host's thread; it keeps running, and a later run in
    /// the same host rewrites the file.
    /// </summary>
    internal static void OnTestRunEnded()
    {
        if (s_session is not { IsRunning: true } session || s_output is null)
        {
            return;
        }

        if (session.Rolling is { } rolling)
        {
            rolling.Flush(last: false);
            return;
        }

        string path = ResolvePath(s_output, session);
        try
        {
            SessionJson.WriteFile(session.Snapshot(), path);
            s_writtenAtRunEnd = true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"edm-profiling: could not write the session to {path}: {e.Message}");
        }
    }

    private static readonly List<System.Runtime.InteropServices.PosixSignalRegistration> s_signals = [];

    /// <summary>
    /// Ctrl+C, SIGTERM and SIGQUIT end a .NET process without ProcessExit unless the program handles
    /// them. Whether it will is unknown here, so a snapshot of the session is written when one
    /// arrives (the signal is not cancelled); if the program goes on and exits normally, the final
    /// session replaces the snapshot.
    /// </summary>
    private static void WatchSignals()
    {
        foreach (var signal in new[] { System.Runtime.InteropServices.PosixSignal.SIGINT, System.Runtime.InteropServices.PosixSignal.SIGTERM, System.Runtime.InteropServices.PosixSignal.SIGQUIT })
        {
            try
            {
                s_signals.Add(System.Runtime.InteropServices.PosixSignalRegistration.Create(signal, context => WriteSnapshot(context.Signal)));
            }
            catch (Exception e) when (e is PlatformNotSupportedException or IOException)
            {
                // Not every platform offers every signal; the exit-time write still happens.
            }
        }
    }

    private static void WriteSnapshot(System.Runtime.InteropServices.PosixSignal signal)
    {
        if (s_session is not { IsRunning: true } session || s_output is null)
        {
            return;
        }

        if (session.Rolling is { } rolling)
        {
            // A rolling session writes the interval so far; the exit that usually follows writes the last one.
            rolling.Flush(last: false);
            return;
        }

        string path = ResolvePath(s_output, session);
        try
        {
            SessionReport snapshot = session.Snapshot();
            SessionJson.WriteFile(snapshot with { Warnings = [.. snapshot.Warnings, $"Written when the process received {signal}; calls still running then are not counted."] }, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"edm-profiling: could not write the session to {path}: {e.Message}");
        }
    }

    private static void WriteAtExit()
    {
        if (s_session is not { IsRunning: true } session || s_output is null)
        {
            return;
        }

        if (s_writtenAtRunEnd)
        {
            // A test host: the session was written when the run ended, and the runner is about to
            // kill this process; a second write could be cut off half-way. Calls made after the run
            // (test-framework teardown after ExecutionStop, if any) are not in the file.
            return;
        }

        if (session.Rolling is not null)
        {
            session.Stop(); // writes the last interval
            return;
        }

        string path = ResolvePath(s_output, session);
        try
        {
            SessionJson.WriteFile(session.Stop(), path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Console.Error.WriteLine($"edm-profiling: could not write the session to {path}: {e.Message}");
        }
    }

    /// <summary>A path ending in <c>.json</c> is the file; anything else is a directory to put a new file in.</summary>
    internal static string ResolvePath(string output, ProfilingSession session)
    {
        if (output.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && !Directory.Exists(output))
        {
            return output;
        }

        // The process id keeps apart the sessions of processes that start in the same second (a test
        // host and the programs it runs, child processes) without a check that could race.
        string pid = System.Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Path.Combine(output, $"{SessionFileName.Stem(session.Name, session.StartedAt)}-{pid}.json");
    }
}
