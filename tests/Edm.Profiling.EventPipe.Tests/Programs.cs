using System.Diagnostics;

namespace Edm.Profiling.EventPipe.Tests;

/// <summary>The built programs the tests run (the sampling fixture and edm-prof), and a way to run them.</summary>
internal static class Programs
{
    internal static string Fixture => Built("tests", "Edm.Profiling.SamplingFixture", "Edm.Profiling.SamplingFixture.dll");

    internal static string EdmProf => Built("src", "Edm.Profiling.Tool", "edm-prof.dll");

    /// <summary>The fixture's source of the workload, for the line checks.</summary>
    internal static string WorkloadSource => Path.Combine(Root, "tests", "Edm.Profiling.SamplingFixture", "Workload.cs");

    /// <summary>The fixture's source of the allocation workload, for the site checks.</summary>
    internal static string AllocationWorkloadSource => Path.Combine(Root, "tests", "Edm.Profiling.SamplingFixture", "AllocationWorkload.cs");

    private static string BaseDir => AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);

    private static string Root => Path.GetFullPath(Path.Combine(BaseDir, "..", "..", "..", "..", ".."));

    /// <summary>Runs <c>dotnet args…</c> with <paramref name="environment"/> over a clean profiling environment; returns exit code and output.</summary>
    internal static (int ExitCode, string Output, string Error) Run(IReadOnlyDictionary<string, string>? environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("EDM_PROF", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"dotnet {string.Join(' ', arguments)} did not finish in 2 minutes");
        }

        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>
    /// Runs <c>dotnet args…</c> (edm-prof sampling the fixture from outside, writing its trace into
    /// <paramref name="folder"/>) with the fixture's workload held back until the trace file appears, that is
    /// until the EventPipe session is on: on a loaded machine the attach can come after a short workload ended.
    /// </summary>
    internal static (int ExitCode, string Output, string Error) RunSampledFromOutside(string folder, params string[] arguments)
    {
        string signal = Path.Combine(folder, StartSignalFile);
        using var finished = new CancellationTokenSource();
        Task signaller = Task.Run(async () =>
        {
            while (Directory.GetFiles(folder, "*.nettrace").Length == 0)
            {
                await Task.Delay(5, finished.Token);
            }

            File.WriteAllText(signal, "");
        });
        try
        {
            return Run(new Dictionary<string, string> { [StartSignalVariable] = signal }, arguments);
        }
        finally
        {
            finished.Cancel();
            try
            {
                signaller.Wait();
            }
            catch (AggregateException e) when (e.InnerException is TaskCanceledException)
            {
                // the program ended without a trace: the test says what is missing
            }
        }
    }

    /// <summary>The fixture's variable naming a file it waits for before its workload.</summary>
    internal const string StartSignalVariable = "EDM_FIXTURE_START_SIGNAL";

    /// <summary>The name of that file in a test's folder.</summary>
    internal const string StartSignalFile = "start.signal";

    /// <summary>tests/X.Tests/bin/&lt;config&gt;/net10.0 → &lt;folder&gt;/&lt;project&gt;/bin/&lt;config&gt;/net10.0/&lt;dll&gt;.</summary>
    private static string Built(string folder, string project, string dll)
    {
        string framework = Path.GetFileName(BaseDir);
        string configuration = Path.GetFileName(Path.GetDirectoryName(BaseDir)!);
        string path = Path.Combine(Root, folder, project, "bin", configuration, framework, dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built", path);
    }
}
