using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Edm.Profiling.Benchmarks.BuildTime;

/// <summary>
/// Clean builds of <see cref="RealisticProject"/> (library + tests) with and without
/// <c>-p:EdmProfiling=true</c>, in pairs whose order alternates, so that a slow spell of a shared
/// machine falls on both sides alike. Reports each pair, the medians and the ratio on/off, and the
/// generated source of one more build (files, bytes, intercepted calls).
/// Run: benchmarks/build-time.sh, or dotnet run -c Release --project benchmarks/Edm.Profiling.Benchmarks -- build-time [pairs] [dir]
/// </summary>
internal static partial class BuildTimeBenchmark
{
    public static int Run(int pairs, string? directory)
    {
        string repoRoot = FindRepoRoot();
        var parts = new RealisticProject.PackageParts(
            repoRoot,
            Built(repoRoot, "src/Edm.Profiling/bin/Release/net10.0/Edm.Profiling.dll"),
            Built(repoRoot, "generators/Edm.Profiling.Generators/bin/Release/netstandard2.0/Edm.Profiling.Generators.dll"),
            Built(repoRoot, "generators/Edm.Profiling.CodeFixes/bin/Release/netstandard2.0/Edm.Profiling.CodeFixes.dll"));
        string root = directory ?? Path.Combine(repoRoot, "benchmarks", "BenchmarkDotNet.Artifacts", "build-time");
        if (Directory.Exists(root))
        {
            Directory.Delete(root, recursive: true);
        }

        string tests = RealisticProject.Write(root, parts);
        Console.WriteLine($"project: {root} ({RealisticProject.TypeCount} [Profile] types, {RealisticProject.ScenarioCount} workflow classes, a test class per type)");
        Dotnet(root, "restore", tests, "-nologo", "-v:q");

        // One build each way first: the compiler server and MSBuild nodes warm, the generated code checked.
        Console.WriteLine("warm-up builds (not counted), flag off and on");
        CleanBuild(root, tests, profiling: false);
        CleanBuild(root, tests, profiling: true);

        var off = new List<double>();
        var on = new List<double>();
        for (int pair = 0; pair < pairs; pair++)
        {
            bool onFirst = pair % 2 == 1;
            double first = CleanBuild(root, tests, profiling: onFirst);
            double second = CleanBuild(root, tests, profiling: !onFirst);
            (onFirst ? on : off).Add(first);
            (onFirst ? off : on).Add(second);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"pair {pair + 1}: off {off[^1]:F2} s, on {on[^1]:F2} s, ratio {on[^1] / off[^1]:F3}"));
        }

        double medianOff = Median(off);
        double medianOn = Median(on);
        double medianRatio = Median(on.Zip(off, (a, b) => a / b).ToList());
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"median of {pairs} clean builds: off {medianOff:F2} s, on {medianOn:F2} s; ratio of medians {medianOn / medianOff:F3}, median of pair ratios {medianRatio:F3}"));

        ReportGeneratedSource(root, tests);
        return 0;
    }

    /// <summary>Deletes the outputs of both projects (not the restore files) and builds them; returns the wall time in seconds.</summary>
    private static double CleanBuild(string root, string tests, bool profiling)
    {
        foreach (string project in new[] { "Realistic.Library", "Realistic.Tests" })
        {
            DeleteIfExists(Path.Combine(root, project, "bin"));
            DeleteIfExists(Path.Combine(root, project, "obj", "Release"));
        }

        var arguments = new List<string> { "build", tests, "-c", "Release", "--no-restore", "-nologo", "-v:q" };
        if (profiling)
        {
            arguments.Add("-p:EdmProfiling=true");
        }

        long start = Stopwatch.GetTimestamp();
        Dotnet(root, [.. arguments]);
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    /// <summary>One more profiled build that writes its generated files to disk, to count them.</summary>
    private static void ReportGeneratedSource(string root, string tests)
    {
        foreach (string project in new[] { "Realistic.Library", "Realistic.Tests" })
        {
            DeleteIfExists(Path.Combine(root, project, "obj", "Release"));
        }

        Dotnet(root, "build", tests, "-c", "Release", "--no-restore", "-nologo", "-v:q", "-p:EdmProfiling=true", "-p:EmitCompilerGeneratedFiles=true");
        long files = 0;
        long bytes = 0;
        long intercepted = 0;
        foreach (string project in new[] { "Realistic.Library", "Realistic.Tests" })
        {
            string generated = Path.Combine(root, project, "obj", "Release", "net10.0", "generated", "Edm.Profiling.Generators");
            if (!Directory.Exists(generated))
            {
                continue;
            }

            foreach (string file in Directory.EnumerateFiles(generated, "*.cs", SearchOption.AllDirectories))
            {
                string text = File.ReadAllText(file);
                files++;
                bytes += new FileInfo(file).Length;
                intercepted += InterceptsLocation().Count(text);
            }
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated by Edm.Profiling (library + tests): {files} files, {bytes / 1024.0:F0} KB, {intercepted} intercepted call sites"));
    }

    [GeneratedRegex(@"\[InterceptsLocation\(")]
    private static partial Regex InterceptsLocation();

    private static void Dotnet(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> output = process.StandardOutput.ReadToEndAsync();
        Task<string> error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet {string.Join(' ', arguments)} failed ({process.ExitCode}):\n{Tail(output.Result + error.Result)}");
        }
    }

    private static string Tail(string text) => text.Length <= 4000 ? text : "…" + text[^4000..];

    private static double Median(List<double> values)
    {
        var sorted = values.OrderBy(v => v).ToList();
        int middle = sorted.Count / 2;
        return sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    private static void DeleteIfExists(string directory)
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static string Built(string repoRoot, string relative)
    {
        string path = Path.Combine(repoRoot, relative);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{relative} is not built: build the benchmarks in Release first (benchmarks/build-time.sh does).", path);
    }

    private static string FindRepoRoot()
    {
        for (string? directory = AppContext.BaseDirectory; directory is not null; directory = Path.GetDirectoryName(directory))
        {
            if (File.Exists(Path.Combine(directory, "Instrumentation.sln")))
            {
                return directory;
            }
        }

        throw new DirectoryNotFoundException("Run from a build inside the repository: Instrumentation.sln not found above " + AppContext.BaseDirectory);
    }
}
