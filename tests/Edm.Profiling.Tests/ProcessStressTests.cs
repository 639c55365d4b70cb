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
    private const int RaceRuns = 10;

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
            (SessionReport session, StressCounts counts) = RunOnce(run, race: false);
            foreach ((string method, long calls) in counts.Final)
            {
                Assert.True(calls > 0, $"run {run}: {method} was never called; the program did not run its workers");
                long recorded = session.FindMethod(method)?.Calls ?? 0;
                Assert.True(recorded == calls, $"run {run}: {method}: {calls:N0} calls made, {recorded:N0} in the session");
            }
        }
    }

    /// <summary>
    /// The workers go on calling while the session stops and is written at exit: the session is still
    /// complete, holds every call completed when the process began to exit, less those that can be
    /// under way, and none made after it stopped.
    /// </summary>
    [Fact]
    public void Calls_racing_with_the_exit_leave_a_complete_session_between_the_counts_before_and_after()
    {
        for (int run = 1; run <= RaceRuns; run++)
        {
            (SessionReport session, StressCounts counts) = RunOnce(run, race: true);
            Assert.True(counts.UnderWayBound > 0, $"run {run}: no bound of calls under way was written");
            foreach ((string method, long final) in counts.Final)
            {
                long atExit = counts.AtExitStart[method];
                long recorded = session.FindMethod(method)?.Calls ?? 0;
                Assert.True(
                    recorded >= atExit - counts.UnderWayBound && recorded <= final,
                    $"run {run}: {method}: {atExit:N0} calls made when the exit began (at most {counts.UnderWayBound} under way), {final:N0} in all, {recorded:N0} in the session");
            }
        }
    }

    private static (SessionReport Session, StressCounts Counts) RunOnce(int run, bool race)
    {
        string directory = Directory.CreateTempSubdirectory("edm-stress-").FullName;
        try
        {
            string counts = Path.Combine(directory, "counts.txt");
            string sessions = Directory.CreateDirectory(Path.Combine(directory, "sessions")).FullName;
            (int exitCode, string error) = Run(counts, sessions, race);
            Assert.True(exitCode == 0, $"run {run}: exit code {exitCode}\n{error}");

            StressCounts counted = StressCounts.Read(counts, run);
            string[] files = Directory.GetFileSystemEntries(sessions);
            Assert.True(files.Length == 1 && files[0].EndsWith(".json", StringComparison.Ordinal), $"run {run}: {string.Join(", ", files.Select(Path.GetFileName))}");
            SessionReport session = SessionJson.ReadFile(files[0]);
            Assert.Empty(session.Warnings);
            return (session, counted);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>What the program counted itself (Edm.Profiling.StressProgram/Program.cs writes it).</summary>
    private sealed record StressCounts(Dictionary<string, long> Final, Dictionary<string, long> AtExitStart, int UnderWayBound)
    {
        public static StressCounts Read(string file, int run)
        {
            var final = new Dictionary<string, long>(StringComparer.Ordinal);
            var atExitStart = new Dictionary<string, long>(StringComparer.Ordinal);
            int bound = 0;
            foreach (string[] fields in File.ReadAllLines(file).Select(l => l.Split('\t')))
            {
                switch (fields[0])
                {
                    case "session-running-at-exit":
                        Assert.True(fields[1] == "True", $"run {run}: the session had stopped before the program's exit handler ran, so the counts cannot be compared");
                        break;
                    case "under-way-bound":
                        bound = int.Parse(fields[1], CultureInfo.InvariantCulture);
                        break;
                    default:
                        final.Add(fields[0], long.Parse(fields[^1], CultureInfo.InvariantCulture));
                        if (fields.Length == 3)
                        {
                            atExitStart.Add(fields[0], long.Parse(fields[1], CultureInfo.InvariantCulture));
                        }

                        break;
                }
            }

            Assert.Equal(9, final.Count);
            return new StressCounts(final, atExitStart, bound);
        }
    }

    private static (int ExitCode, string Error) Run(string counts, string sessions, bool race)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(StressProgramDll);
        start.ArgumentList.Add(counts);
        if (race)
        {
            start.ArgumentList.Add("--race");
        }

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
