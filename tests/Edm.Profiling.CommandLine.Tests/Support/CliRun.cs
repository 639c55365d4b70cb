using System.CommandLine;
using System.Diagnostics;

namespace Edm.Profiling.CommandLine.Tests.Support;

/// <summary>
/// The outcome of one command line. <see cref="Text"/> is standard output and error as one stream
/// in the order written, to check that the report comes after the command's own output.
/// </summary>
public sealed record CliRun(int ExitCode, string Output, string Error, string Text)
{
    /// <summary>The lines profiling printed on standard error (<c>profiling: …</c>).</summary>
    public string[] ProfilingLines => Lines(Error).Where(l => l.StartsWith("profiling: ", StringComparison.Ordinal)).ToArray();

    public static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Parses and invokes a command tree in this process with captured writers.</summary>
    public static CliRun InProcess(RootCommand root, params string[] args)
    {
        var combined = new StringWriter();
        var output = new TeeWriter(new StringWriter(), combined);
        var error = new TeeWriter(new StringWriter(), combined);
        int exit = root.Parse(args).InvokeAsync(new InvocationConfiguration { Output = output, Error = error }).GetAwaiter().GetResult();
        return new CliRun(exit, output.First.ToString()!, error.First.ToString()!, combined.ToString());
    }

    /// <summary>Runs <c>dotnet edm.dll</c> (the profiled build this project references) as a child process.</summary>
    public static CliRun Edm(IReadOnlyDictionary<string, string?> environment, string workingDirectory, params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "edm.dll"));
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        // The child must not inherit a process-mode setting from whoever runs the tests.
        start.Environment.Remove("EDM_PROFILING_OUTPUT");
        foreach ((string name, string? value) in environment)
        {
            start.Environment[name] = value;
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new CliRun(process.ExitCode, output.Result, error.Result, output.Result + error.Result);
    }

    /// <summary>Writes to two writers: one for the stream alone, one shared with the other stream.</summary>
    private sealed class TeeWriter(TextWriter first, TextWriter second) : TextWriter
    {
        public TextWriter First { get; } = first;

        public override System.Text.Encoding Encoding => System.Text.Encoding.UTF8;

        public override void Write(char value)
        {
            First.Write(value);
            second.Write(value);
        }

        public override void Write(string? value)
        {
            First.Write(value);
            second.Write(value);
        }
    }
}
