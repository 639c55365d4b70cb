using System.Diagnostics;

namespace Edm.Profiling.Tool.Tests;

/// <summary>What one edm-prof process did.</summary>
internal sealed record EdmProfRun(int ExitCode, string Output, string Error)
{
    /// <summary>Standard error's lines, without the empty ones.</summary>
    internal string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Asserts a user error: the exit code, exactly one line on standard error starting <c>edm-prof: </c> and containing <paramref name="expected"/>, no stack trace.</summary>
    internal void AssertOneLineError(int exitCode, string expected)
    {
        Assert.True(ExitCode == exitCode, $"exit code {ExitCode}, expected {exitCode}; stderr: {Error}");
        string line = Assert.Single(ErrorLines);
        Assert.StartsWith("edm-prof: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", Error, StringComparison.Ordinal);
    }

    /// <summary>Runs <c>dotnet edm-prof.dll args…</c> in <paramref name="workingDirectory"/>, with standard input, output and error redirected.</summary>
    internal static EdmProfRun Start(string workingDirectory, params string[] arguments) => StartWithInput(workingDirectory, input: null, arguments);

    /// <summary>Runs edm-prof with <paramref name="input"/> on its standard input.</summary>
    internal static EdmProfRun StartWithInput(string workingDirectory, string? input, params string[] arguments) =>
        Run(workingDirectory, input, TimeSpan.FromMinutes(2), arguments);

    /// <summary>
    /// Runs an edm-prof command that starts many programs (<c>ab</c>: a dozen processes), with a limit
    /// that allows for a machine shared with other builds.
    /// </summary>
    internal static EdmProfRun StartLong(string workingDirectory, params string[] arguments) =>
        Run(workingDirectory, input: null, TimeSpan.FromMinutes(10), arguments);

    private static EdmProfRun Run(string workingDirectory, string? input, TimeSpan limit, string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Programs.EdmProf);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        // The tests decide what profiles; nothing inherited from the shell that runs them.
        foreach (string name in new[] { "EDM_PROFILING", "EDM_PROFILING_OUTPUT", "EDM_PROFILING_LAYER", "EDM_PROFILING_TIMELINE", "EDM_PROFILING_SESSION_NAME", "EDM_PROFILING_RESERVOIR", "EDM_PROFILING_FLUSH_INTERVAL", "EDM_PROFILING_MAX_FILES", "EDM_PROF_DEBUG" })
        {
            start.Environment.Remove(name);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        if (input is not null)
        {
            process.StandardInput.Write(input);
        }

        process.StandardInput.Close();
        if (!process.WaitForExit(limit))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"edm-prof {string.Join(' ', arguments)} did not finish in {limit.TotalMinutes} minutes");
        }

        return new EdmProfRun(process.ExitCode, output.Result, error.Result);
    }
}
