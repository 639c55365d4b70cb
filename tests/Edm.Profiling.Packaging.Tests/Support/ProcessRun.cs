using System.Diagnostics;

namespace Edm.Profiling.Packaging.Tests.Support;

/// <summary>What one process did.</summary>
public sealed record ProcessRun(string CommandLine, int ExitCode, string Output, string Error, TimeSpan Elapsed)
{
    /// <summary>Fails with the command and everything it printed unless it exited with <paramref name="expected"/>.</summary>
    public ProcessRun AssertExitCode(int expected = 0)
    {
        Assert.True(ExitCode == expected, $"{CommandLine} exited with {ExitCode}, expected {expected}\n--- stdout\n{Output}\n--- stderr\n{Error}");
        return this;
    }

    /// <summary>
    /// Runs <paramref name="program"/> in <paramref name="workingDirectory"/>. The child gets this process's
    /// environment minus what a test host or a profiling run sets (MSBuild's variables, the EDM_ switches),
    /// plus <paramref name="environment"/>.
    /// </summary>
    public static ProcessRun Start(string workingDirectory, string program, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null)
    {
        var start = new ProcessStartInfo(program)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (string name in start.Environment.Keys.Where(SetByTheTestHost).ToList())
        {
            start.Environment.Remove(name);
        }

        start.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        start.Environment["DOTNET_NOLOGO"] = "1";
        start.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        foreach ((string name, string value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        string commandLine = string.Join(' ', new[] { program }.Concat(arguments));
        var clock = Stopwatch.StartNew();
        using Process process = Process.Start(start) ?? throw new InvalidOperationException($"{commandLine} did not start");
        process.StandardInput.Close();
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(timeout ?? TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{commandLine} did not finish in time");
        }

        return new ProcessRun(commandLine, process.ExitCode, output.Result, error.Result, clock.Elapsed);
    }

    /// <summary>Runs <c>dotnet arguments…</c>; no build server outlives the test.</summary>
    public static ProcessRun Dotnet(string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string>? environment = null, TimeSpan? timeout = null) =>
        Start(workingDirectory, "dotnet", arguments, environment, timeout);

    private static bool SetByTheTestHost(string name) =>
        name.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase)
        || name.StartsWith("EDM_", StringComparison.Ordinal)
        || name.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)
        || name is "DOTNET_HOST_PATH" or "SOURCE_DATE_EPOCH";
}
