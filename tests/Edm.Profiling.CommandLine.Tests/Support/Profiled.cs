using System.CommandLine;
using Edm.Profiling.Analysis;

namespace Edm.Profiling.CommandLine.Tests.Support;

/// <summary>Runs the test app with profiling added, and reads what it wrote.</summary>
public static class Profiled
{
    /// <summary>The test app with profiling; sessions without --profile-out go to <paramref name="defaultFolder"/>.</summary>
    public static RootCommand App(string defaultFolder, System.Reflection.Assembly? application = null) =>
        TestApp.Build().UseProfiling(new ProfilingCliOptions
        {
            OutputDirectory = defaultFolder,
            ApplicationAssembly = application ?? typeof(Workload).Assembly,
        });

    internal static CliRun Run(TempDirectory folder, params string[] args) => CliRun.InProcess(App(folder.File("default")), args);

    public static SessionReport Session(string path) => SessionJson.ReadFile(path);

    public static long Calls(this SessionReport session, string name) => session.FindMethod(name)?.Calls ?? 0;

    /// <summary>A copy of a session file as a baseline recorded on another machine.</summary>
    public static string ElsewhereBaseline(string sessionPath, string path)
    {
        SessionReport session = SessionJson.ReadFile(sessionPath);
        SessionReport moved = session with
        {
            Environment = session.Environment with { MachineFingerprint = "0000000000000000", CpuModel = "Another CPU" },
        };
        SessionJson.WriteFile(moved, path);
        return path;
    }

    public static Baseline Baseline(string path) => RunFile.ReadBaseline(path);
}
