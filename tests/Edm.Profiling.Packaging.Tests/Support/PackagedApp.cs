using System.Globalization;

namespace Edm.Profiling.Packaging.Tests.Support;

/// <summary>
/// What a package user does, done once for all the tests of the collection (every step is a real
/// dotnet process, so it is slow): pack the four packages into a local feed, make a fresh console
/// app that takes Edm.Profiling from that feed, build it with and without <c>EdmProfiling</c>, and
/// install edm-prof from the feed.
/// </summary>
public sealed class PackagedApp : IDisposable
{
    /// <summary>The app's namespace and assembly name.</summary>
    public const string AppName = "ProfiledApp";

    // Lazy's default mode runs the setup once, and a failed setup fails every test that asks, without a rerun.
    private readonly Lazy<PackagedLibrary> _library;

    public PackagedApp()
    {
        _library = new Lazy<PackagedLibrary>(() => new PackagedLibrary(this));
        RepoRoot = FindRepoRoot();
        // A version no registry has and no earlier run used, so only this run's packages can satisfy the restores.
        Version = "0.0.0-test." + DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "." + Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        Root = Directory.CreateTempSubdirectory("edm-packaging-").FullName;
        // Inside the repository (ignored by git), so the build's source-path map covers the PDB paths as in a normal build.
        Artifacts = Path.Combine(RepoRoot, "artifacts", "packaging-tests", Path.GetFileName(Root));
        Feed = Path.Combine(Root, "feed");
        try
        {
            // A clean build of every shipped project for every target: minutes on a busy 2-core machine.
            Pack = ProcessRun.Dotnet(RepoRoot, PackArguments(Feed), PackEnvironment, TimeSpan.FromMinutes(15)).AssertExitCode();
            CreateApp();
            ProfiledBuild = ProcessRun.Dotnet(AppDirectory, ["build", "-c", "Release", "-p:EdmProfiling=true", "-o", ProfiledOutput, "--disable-build-servers"], ConsumerEnvironment).AssertExitCode();
            PlainBuild = ProcessRun.Dotnet(AppDirectory, ["build", "-c", "Release", "-o", PlainOutput, "--disable-build-servers"], ConsumerEnvironment).AssertExitCode();
            ToolInstall = ProcessRun.Dotnet(Root, ["tool", "install", "Edm.Profiling.Tool", "--version", Version, "--tool-path", ToolDirectory, "--add-source", Feed], ConsumerEnvironment).AssertExitCode();
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The repository root (the folder holding Instrumentation.sln).</summary>
    public string RepoRoot { get; }

    /// <summary>The version every package of this run carries.</summary>
    public string Version { get; }

    /// <summary>The temporary folder holding the feed, the app, the tool and the runs.</summary>
    public string Root { get; }

    /// <summary>Where the pack built (bin, obj, publish), under the repository's ignored artifacts folder.</summary>
    public string Artifacts { get; }

    /// <summary>The local feed the packages were packed into.</summary>
    public string Feed { get; }

    /// <summary>The fresh console app.</summary>
    public string AppDirectory => Path.Combine(Root, "app");

    /// <summary>The app built with <c>-p:EdmProfiling=true</c>.</summary>
    public string ProfiledDll => Path.Combine(ProfiledOutput, AppName + ".dll");

    /// <summary>The app built without the property.</summary>
    public string PlainDll => Path.Combine(PlainOutput, AppName + ".dll");

    public string ProfiledOutput => Path.Combine(Root, "profiled");

    public string PlainOutput => Path.Combine(Root, "plain");

    /// <summary>The installed edm-prof command.</summary>
    public string EdmProf => Path.Combine(ToolDirectory, OperatingSystem.IsWindows() ? "edm-prof.exe" : "edm-prof");

    public ProcessRun Pack { get; } = null!;

    public ProcessRun ProfiledBuild { get; } = null!;

    public ProcessRun PlainBuild { get; } = null!;

    public ProcessRun ToolInstall { get; } = null!;

    /// <summary>The library author's setup on this feed (<see cref="PackagedLibrary"/>), made on first use.</summary>
    public PackagedLibrary Library => _library.Value;

    /// <summary>The package file of <paramref name="id"/> in the feed.</summary>
    public string Package(string id, string extension = "nupkg") => Path.Combine(Feed, $"{id}.{Version}.{extension}");

    /// <summary>A new empty folder under <see cref="Root"/>.</summary>
    public string NewFolder(string name) => Directory.CreateDirectory(Path.Combine(Root, name)).FullName;

    /// <summary>
    /// The pack command of docs/packaging.md, into <paramref name="output"/>, with this run's version and
    /// build folder (so the repository's own bin and obj, which other tests run from, are left alone).
    /// </summary>
    public IEnumerable<string> PackArguments(string output, string project = "Edm.Profiling.Packages.slnf", bool noBuild = false)
    {
        string[] arguments =
        [
            "pack", project, "-c", "Release", "-o", output, "-p:ContinuousIntegrationBuild=true",
            "-p:Version=" + Version, "--artifacts-path", Artifacts, "--disable-build-servers",
        ];
        return noBuild ? [.. arguments, "--no-build"] : arguments;
    }

    /// <summary>The zip timestamp of the packed files (docs/packaging.md: SOURCE_DATE_EPOCH, here a fixed one).</summary>
    public static IReadOnlyDictionary<string, string> PackEnvironment { get; } = new Dictionary<string, string> { ["SOURCE_DATE_EPOCH"] = "1767225600" };

    /// <summary>The consumer's restores use a package folder of their own: nothing cached elsewhere can satisfy them.</summary>
    public IReadOnlyDictionary<string, string> ConsumerEnvironment => new Dictionary<string, string> { ["NUGET_PACKAGES"] = Path.Combine(Root, "packages") };

    private string ToolDirectory => Path.Combine(Root, "tools");

    public void Dispose()
    {
        foreach (string directory in new[] { Root, Artifacts })
        {
            try
            {
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
            catch (IOException)
            {
                // A process that just exited may still hold a file for a moment; the OS cleans temp folders.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }

        // artifacts/packaging-tests, once no run is using it.
        string shared = Path.GetDirectoryName(Artifacts)!;
        try
        {
            if (Directory.Exists(shared) && !Directory.EnumerateFileSystemEntries(shared).Any())
            {
                Directory.Delete(shared);
            }
        }
        catch (IOException)
        {
            // Another run started meanwhile: it cleans up after itself.
        }
    }

    /// <summary>
    /// <c>dotnet new console</c>, a nuget.config that adds the local feed and keeps every inherited source
    /// (no <c>&lt;clear/&gt;</c>), <c>dotnet add package Edm.Profiling</c>, and the app's sources.
    /// </summary>
    private void CreateApp()
    {
        ProcessRun.Dotnet(Root, ["new", "console", "-n", AppName, "-o", AppDirectory], ConsumerEnvironment).AssertExitCode();
        File.WriteAllText(Path.Combine(AppDirectory, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="edm-profiling-test-feed" value="{Feed}" />
              </packageSources>
            </configuration>
            """);
        ProcessRun.Dotnet(AppDirectory, ["add", "package", "Edm.Profiling", "--version", Version], ConsumerEnvironment).AssertExitCode();
        foreach (string source in new[] { "Program.cs", "Work.cs" })
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, "ConsumerApp", source + ".txt"), Path.Combine(AppDirectory, source), overwrite: true);
        }
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

/// <summary>The tests that share one packed feed and one app.</summary>
[CollectionDefinition(Name)]
public sealed class PackagedAppCollection : ICollectionFixture<PackagedApp>
{
    public const string Name = "packaged app";
}
