using System.Diagnostics;
using System.Text.Json.Nodes;

namespace Edm.Profiling.Invariants.Tests.Viewers;

/// <summary>
/// speedscope's own importer, run in node (speedscope-import.mjs), and the other node scripts of this
/// folder (pprof-decode.mjs). The npm packages are installed by the test itself, once per build
/// output, from the committed package-lock.json (<c>npm ci</c>); they are never committed. Needs node
/// and npm on the PATH.
/// </summary>
internal static class SpeedscopeImporter
{
    private static readonly Lazy<string> s_folder = new(Install, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Whether node and npm are on the PATH.</summary>
    internal static bool Available { get; } = Runs("node", "--version") && Runs("npm", "--version");

    internal static bool InCi => string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    internal const string MissingMessage = "node and npm are not on the PATH; they run the viewers' own readers (npm packages speedscope 1.25.0 and pprof-format 2.3.2, installed by the test).";

    /// <summary>Imports each file as speedscope does; one result per file: <c>{ file, imported, warnings[], profiles[] }</c>.</summary>
    internal static JsonArray Import(IReadOnlyList<string> files) => RunScript("speedscope-import.mjs", files);

    /// <summary>Runs one of this folder's node scripts on <paramref name="files"/> and parses the JSON array it prints.</summary>
    internal static JsonArray RunScript(string script, IReadOnlyList<string> files)
    {
        Assert.True(Available, MissingMessage); // in CI the tests run without node too, and fail saying so
        string folder = s_folder.Value;
        (int exit, string output, string error) = Run("node", folder, [script, .. files]);
        Assert.True(exit == 0, $"{script} exited with {exit}: {error}");
        return JsonNode.Parse(output)!.AsArray();
    }

    private static string Install()
    {
        string folder = Path.Combine(AppContext.BaseDirectory, "Viewers");
        if (!File.Exists(Path.Combine(folder, "node_modules", "speedscope", "package.json"))
            || !File.Exists(Path.Combine(folder, "node_modules", "pprof-format", "package.json")))
        {
            (int exit, _, string error) = Run("npm", folder, ["ci", "--no-audit", "--no-fund", "--loglevel=error"]);
            Assert.True(exit == 0, $"npm ci (speedscope 1.25.0, pprof-format 2.3.2) failed with {exit}: {error}");
        }

        return folder;
    }

    private static bool Runs(string command, string argument)
    {
        try
        {
            return Run(command, AppContext.BaseDirectory, [argument]).Exit == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    private static (int Exit, string Output, string Error) Run(string command, string folder, IReadOnlyList<string> arguments)
    {
        var start = new ProcessStartInfo(command)
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output, error.Result);
    }
}

/// <summary>A test that needs node and npm: skipped, saying why, without them; in CI it runs and fails instead.</summary>
public sealed class NodeFactAttribute : FactAttribute
{
    public NodeFactAttribute()
    {
        if (!SpeedscopeImporter.Available && !SpeedscopeImporter.InCi)
        {
            Skip = SpeedscopeImporter.MissingMessage;
        }
    }
}
