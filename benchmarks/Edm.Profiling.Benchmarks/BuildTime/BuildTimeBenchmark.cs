using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Edm.Profiling.Benchmarks.BuildTime;

/// <summary>
/// Clean builds of <see cref="RealisticProject"/> (library + tests) with and without
/// <c>-p:EdmProfiling=true</c> (and optionally with another build of the generator), in rounds whose
/// order rotates, so that a slow spell of a shared machine falls on every variant alike. Reports each
/// round, the medians and the ratios to the flag-off build, and the generated source of one more build
/// of each profiled variant (files, bytes, intercepted calls).
/// Run: benchmarks/build-time.sh
/// </summary>
internal static partial class BuildTimeBenchmark
{
    /// <param name="rounds">Rounds of clean builds; each round builds every variant once.</param>
    /// <param name="directory">Where to write the project; by default under BenchmarkDotNet.Artifacts.</param>
    /// <param name="baselineGenerator">Another build of Edm.Profiling.Generators (e.g. main's) to build with as a third variant, or null.</param>
    /// <param name="compilerServer">
    /// Build with the compiler server (<c>-p:UseSharedCompilation=true</c>), as the SDK does by default, even where
    /// the environment turns it off: the warm-up builds then leave the generator's and analyzers' code compiled by
    /// the JIT, as in a user's second and later builds.
    /// </param>
    public static int Run(int rounds, string? directory, string? baselineGenerator, bool compilerServer = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rounds, 1);
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

        // Without the compiler server every compile is a new process that JIT-compiles the generator and
        // analyzers again, which weighs on the flag-on builds more: say which way these builds ran.
        string? sharedCompilation = Environment.GetEnvironmentVariable("UseSharedCompilation");
        Console.WriteLine($"compiler server: {(compilerServer ? "on (-p:UseSharedCompilation=true)" : string.Equals(sharedCompilation, "false", StringComparison.OrdinalIgnoreCase) ? "off (UseSharedCompilation=false in the environment)" : "the SDK's default")}");
        Dotnet(root, "restore", tests, "-nologo", "-v:q");

        string[] server = compilerServer ? ["-p:UseSharedCompilation=true"] : [];
        var variants = new List<Variant> { new("off", server), new("on", ["-p:EdmProfiling=true", .. server]) };
        if (baselineGenerator is not null)
        {
            variants.Add(new("on, baseline generator", ["-p:EdmProfiling=true", "-p:EdmProfilingGenerator=" + Path.GetFullPath(baselineGenerator), .. server]));
        }

        // One build of each first: the compiler server and MSBuild nodes warm, the generated code checked.
        Console.WriteLine("warm-up builds (not counted): " + string.Join(", ", variants.Select(v => v.Name)));
        foreach (Variant variant in variants)
        {
            CleanBuild(root, tests, variant.Arguments);
        }

        // The order rotates from round to round, so no variant always follows the same one.
        for (int round = 0; round < rounds; round++)
        {
            for (int i = 0; i < variants.Count; i++)
            {
                Variant variant = variants[(round + i) % variants.Count];
                variant.Seconds.Add(CleanBuild(root, tests, variant.Arguments));
            }

            Console.WriteLine($"round {round + 1}: " + string.Join(", ", variants.Select(v => string.Create(CultureInfo.InvariantCulture, $"{v.Name} {v.Seconds[^1]:F2} s"))));
        }

        Variant off = variants[0];
        foreach (Variant variant in variants)
        {
            string ratio = variant == off ? string.Empty : string.Create(
                CultureInfo.InvariantCulture,
                $"; ratio to off: of medians {Median(variant.Seconds) / Median(off.Seconds):F3}, median of rounds {Median(variant.Seconds.Zip(off.Seconds, (a, b) => a / b).ToList()):F3}");
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{variant.Name}: median of {rounds} clean builds {Median(variant.Seconds):F2} s{ratio}"));
        }

        foreach (Variant variant in variants.Skip(1))
        {
            ReportGeneratedSource(root, tests, variant);
        }

        return 0;
    }

    /// <summary>Deletes the outputs of both projects (not the restore files) and builds them; returns the wall time in seconds.</summary>
    private static double CleanBuild(string root, string tests, IEnumerable<string> extraArguments)
    {
        foreach (string project in new[] { "Realistic.Library", "Realistic.Tests" })
        {
            DeleteIfExists(Path.Combine(root, project, "bin"));
            DeleteIfExists(Path.Combine(root, project, "obj", "Release"));
        }

        var arguments = new List<string> { "build", tests, "-c", "Release", "--no-restore", "-nologo", "-v:q" };
        arguments.AddRange(extraArguments);
        long start = Stopwatch.GetTimestamp();
        Dotnet(root, [.. arguments]);
        return Stopwatch.GetElapsedTime(start).TotalSeconds;
    }

    private sealed record Variant(string Name, string[] Arguments)
    {
        public List<double> Seconds { get; } = [];
    }

    /// <summary>One more profiled build that writes its generated files to disk, to count them.</summary>
    private static void ReportGeneratedSource(string root, string tests, Variant variant)
    {
        foreach (string project in new[] { "Realistic.Library", "Realistic.Tests" })
        {
            DeleteIfExists(Path.Combine(root, project, "obj", "Release"));
        }

        Dotnet(root, ["build", tests, "-c", "Release", "--no-restore", "-nologo", "-v:q", "-p:EmitCompilerGeneratedFiles=true", .. variant.Arguments]);
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

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"generated by Edm.Profiling ({variant.Name}; library + tests): {files} files, {bytes / 1024.0:F0} KB, {intercepted} intercepted call sites"));
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
