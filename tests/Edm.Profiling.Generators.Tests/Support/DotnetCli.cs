using System.Diagnostics;

namespace Edm.Profiling.Generators.Tests.Support;

/// <summary>Runs real <c>dotnet</c> commands, the way a user builds, in a clean environment.</summary>
internal static class DotnetCli
{
    /// <summary>The repository root (the folder holding Instrumentation.sln).</summary>
    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>Debug or Release: the configuration these tests were built in.</summary>
    public static string Configuration { get; } = Path.GetFileName(Path.GetDirectoryName(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar))!);

    public static (int ExitCode, string Output) Run(string workingDirectory, IEnumerable<string> arguments, IDictionary<string, string>? environment = null)
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
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }

    /// <summary>Builds a project; fails the test with the build log when the build fails.</summary>
    public static void Build(string project, params string[] properties)
    {
        // No build servers: nothing keeps running after the test.
        var arguments = new List<string> { "build", project, "-c", "Release", "--disable-build-servers", "-v", "q", "-nologo" };
        arguments.AddRange(properties);
        (int exitCode, string output) = Run(Path.GetDirectoryName(project)!, arguments);
        Assert.True(exitCode == 0, $"dotnet {string.Join(' ', arguments)} failed:\n{output}");
    }

    private static string FindRepoRoot()
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
