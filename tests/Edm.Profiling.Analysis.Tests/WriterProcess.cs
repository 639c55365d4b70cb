using System.Diagnostics;

namespace Edm.Profiling.Analysis.Tests;

/// <summary>Starts the Edm.Profiling.Analysis.Writer program as a real second process.</summary>
internal static class WriterProcess
{
    private static string WriterDll
    {
        get
        {
            // tests/Edm.Profiling.Analysis.Tests/bin/<config>/net10.0 → tests/Edm.Profiling.Analysis.Writer/bin/<config>/net10.0
            string baseDir = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
            string framework = Path.GetFileName(baseDir);
            string configuration = Path.GetFileName(Path.GetDirectoryName(baseDir)!);
            string tests = Path.GetFullPath(Path.Combine(baseDir, "..", "..", "..", ".."));
            return Path.Combine(tests, "Edm.Profiling.Analysis.Writer", "bin", configuration, framework, "Edm.Profiling.Analysis.Writer.dll");
        }
    }

    internal static Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(WriterDll);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException("the writer process did not start");
    }

    internal static (int ExitCode, string Output, string Error) Finish(Process process)
    {
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(2)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException("the writer process did not finish in two minutes");
        }

        return (process.ExitCode, output.Result, error.Result);
    }
}
