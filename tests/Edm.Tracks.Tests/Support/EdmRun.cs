using System.CommandLine;
using System.Diagnostics;

namespace Edm.Tracks.Tests.Support;

/// <summary>The outcome of one <c>edm</c> command line.</summary>
public sealed record EdmRun(int ExitCode, string Output, string Error)
{
    /// <summary>Standard error split into non-empty lines.</summary>
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Parses and invokes the command tree in this process with captured writers.</summary>
    public static EdmRun InProcess(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int exit = EdmCli.Build().Parse(args).Invoke(new InvocationConfiguration { Output = output, Error = error });
        return new EdmRun(exit, output.ToString(), error.ToString());
    }

    /// <summary>Runs the real <c>edm</c> program (dotnet edm.dll) as a child process.</summary>
    public static EdmRun Process(params string[] args) => Process(new Dictionary<string, string>(), args);

    /// <summary>Runs the real <c>edm</c> program with extra environment variables.</summary>
    public static EdmRun Process(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        string dll = Path.Combine(AppContext.BaseDirectory, "edm.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(dll);
        foreach (string arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        using Process process = System.Diagnostics.Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return new EdmRun(process.ExitCode, output.Result, error.Result);
    }
}
