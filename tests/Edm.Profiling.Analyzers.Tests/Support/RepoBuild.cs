using System.Diagnostics;

namespace Edm.Profiling.Analyzers.Tests.Support;

/// <summary>Runs a real <c>dotnet build</c> of repository projects, the way a user builds.</summary>
internal static class RepoBuild
{
    /// <summary>The repository root (the folder holding Instrumentation.sln).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/>; returns the exit code and everything it printed.</summary>
    public static (int ExitCode, string Output) Dotnet(string workingDirectory, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // Variables set by the test host's own build or by a profiling run must not leak into the child.
        foreach (string name in start.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("EDM_PROFILING", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }

    private static string FindRoot()
    {
        for (DirectoryInfo? directory = new(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Instrumentation.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Instrumentation.sln not found above " + AppContext.BaseDirectory);
    }
}
