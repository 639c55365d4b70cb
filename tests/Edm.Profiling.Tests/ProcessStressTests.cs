using System.Diagnostics;
using System.Globalization;

namespace Edm.Profiling.Tests;

/// <summary>
/// Process mode under load, as a real process: Edm.Profiling.StressProgram calls probed methods on
/// dedicated threads (some of which end early), thread-pool work items and async continuations,
/// from the first line of Main until the process exits, and counts every call itself. The session
/// must hold exactly the calls it counted, run after run: none lost while the session starts (the
/// threads race to start it from different probed types), none lost from threads that ended, none
/// lost at exit.
/// </summary>
public sealed class ProcessStressTests
{
    private const int Runs = 20;

    private static string StressProgramDll
    {
        get
        {
            // tests/Edm.Profiling.Tests/bin/<config>/net10.0 → tests/Edm.Profiling.StressProgram/bin/<config>/net10.0
            string baseDir = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
            string framework = Path.GetFileName(baseDir);
            string configuration = Path.GetFileName(Path.GetDirectoryName(baseDir)!);
            string root = Path.GetFullPath(Path.Combine(baseDir, "..", "..", "..", ".."));
            return Path.Combine(root, "Edm.Profiling.StressProgram", "bin", configuration, framework, "Edm.Profiling.StressProgram.dll");
        }
    }

    [Fact]
    public void Every_call_from_the_first_line_of_Main_to_the_exit_is_in_the_session_run_after_run()
    {
        for (int run = 1; run <= Runs; run++)
        {
            string directory = Directory.CreateTempSubdirectory("edm-stress-").FullName;
            try
            {
                string counts = Path.Combine(directory, "counts.txt");
                string sessions = Directory.CreateDirectory(Path.Combine(directory, "sessions")).FullName;
                (int exitCode, string error) = Run(counts, sessions);
                Assert.True(exitCode == 0, $"run {run}: exit code {exitCode}\n{error}");

                Dictionary<string, long> counted = ReadCounts(counts, run);
                SessionReport session = SessionJson.ReadFile(Assert.Single(Directory.GetFiles(sessions, "*.json")));
                Assert.Empty(session.Warnings);
                Assert.Empty(Directory.GetFiles(sessions, "*.tmp", SearchOption.AllDirectories).Concat(Directory.GetFiles(sessions, ".*")));
                foreach ((string method, long calls) in counted)
                {
                    Assert.True(calls > 0, $"run {run}: {method} was never called; the program did not run its workers");
                    long recorded = session.FindMethod(method)?.Calls ?? 0;
                    Assert.True(recorded == calls, $"run {run}: {method}: {calls:N0} calls made, {recorded:N0} in the session");
                }
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>The program's own count per probed method, after its check that it ran before the session's exit handler.</summary>
    private static Dictionary<string, long> ReadCounts(string file, int run)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (string line in File.ReadAllLines(file))
        {
            int space = line.LastIndexOf(' ');
            string key = line[..space];
            string value = line[(space + 1)..];
            if (key == "session-running-at-exit")
            {
                Assert.True(value == "True", $"run {run}: the session had stopped before the program's exit handler ran, so the counts cannot be compared");
                continue;
            }

            counts.Add(key, long.Parse(value, CultureInfo.InvariantCulture));
        }

        Assert.Equal(9, counts.Count);
        return counts;
    }

    private static (int ExitCode, string Error) Run(string counts, string sessions)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(StressProgramDll);
        start.ArgumentList.Add(counts);
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("EDM_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["EDM_PROFILING_OUTPUT"] = sessions;
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the stress program did not finish in two minutes");
        }

        return (process.ExitCode, error.Result);
    }
}
