namespace Edm.Profiling;

/// <summary>
/// Process mode: with <c>EDM_PROFILING_OUTPUT</c> set to a file or a directory, a session starts at
/// the first probe and is written there when the process exits. This is how <c>edm-prof run</c>
/// profiles a program from outside.
/// </summary>
internal static class ProcessSession
{
    internal const string OutputVariable = "EDM_PROFILING_OUTPUT";
    internal const string NameVariable = "EDM_PROFILING_SESSION_NAME";

    /// <summary>Reservoir size of process sessions unless <c>EDM_PROFILING_RESERVOIR</c> says otherwise: they feed comparisons.</summary>
    private const int DefaultReservoir = 1000;

    private static int s_started;
    private static ProfilingSession? s_session;
    private static string? s_output;

    internal static void EnsureStarted()
    {
        if (Volatile.Read(ref s_started) != 0 || Interlocked.Exchange(ref s_started, 1) != 0)
        {
            return;
        }

        string? output = System.Environment.GetEnvironmentVariable(OutputVariable);
        if (string.IsNullOrWhiteSpace(output) || !Profiler.Enabled || SessionState.Active is not null)
        {
            return;
        }

        try
        {
            s_output = output;
            string name = System.Environment.GetEnvironmentVariable(NameVariable) is { Length: > 0 } given
                ? given
                : System.Reflection.Assembly.GetEntryAssembly()?.GetName().Name ?? "process";
            s_session = ProfilingSession.Start(name, SessionOptions.FromEnvironment(new SessionOptions { SampleReservoirSize = DefaultReservoir }), processWide: true);
            AppDomain.CurrentDomain.ProcessExit += (_, _) => WriteAtExit();
            WatchSignals();
        }
        catch (InvalidOperationException)
        {
            // A session started explicitly first; it wins.
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

        string file = $"{Sanitize(session.Name)}-{System.Environment.ProcessId}-{session.StartedAt:yyyyMMddTHHmmss}.json";
        return Path.Combine(output, file);
    }

    private static string Sanitize(string name)
    {
        char[] invalid = Path.GetInvalidFileNameChars();
        return string.Concat(name.Select(c => invalid.Contains(c) || c == ' ' ? '_' : c));
    }
}
