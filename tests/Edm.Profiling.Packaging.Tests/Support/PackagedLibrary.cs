namespace Edm.Profiling.Packaging.Tests.Support;

/// <summary>
/// What a library author does (docs/packaging.md, "A library that profiles itself"), on the packages of
/// <see cref="PackagedApp"/>: a library targeting netstandard2.0, net8.0 and net10.0 with
/// <c>[Profile]</c> in its source and Edm.Profiling referenced with <c>PrivateAssets="all"</c>, packed
/// as its release would be (no flag), built with the flag for every target, and run by a net10.0
/// driver built with the flag: on the library's net10.0 build, on its netstandard2.0 build, and on that
/// build with the package's netstandard2.0 runtime.
/// The sources are in LibraryAuthor/. Made once, on first use.
/// </summary>
public sealed class PackagedLibrary
{
    /// <summary>The library's assembly and package name.</summary>
    public const string LibraryName = "ProfiledLib";

    /// <summary>The version the library is packed with.</summary>
    public const string LibraryVersion = "1.0.0";

    public static readonly string[] Targets = ["netstandard2.0", "net8.0", "net10.0"];

    internal PackagedLibrary(PackagedApp app)
    {
        Root = app.NewFolder("library");
        File.WriteAllText(Path.Combine(Root, "nuget.config"), File.ReadAllText(Path.Combine(app.AppDirectory, "nuget.config")));
        // The one place the package version is given, as a library would pin it in Directory.Packages.props.
        File.WriteAllText(Path.Combine(Root, "Directory.Build.props"), $"""
            <Project>
              <PropertyGroup>
                <EdmProfilingVersion>{app.Version}</EdmProfilingVersion>
              </PropertyGroup>
            </Project>
            """);
        Copy("ProfiledLib.csproj", LibraryDirectory);
        Copy("Parser.cs", LibraryDirectory);
        Copy("App.csproj", DriverDirectory);
        Copy("Program.cs", DriverDirectory);

        IReadOnlyDictionary<string, string> environment = app.ConsumerEnvironment;
        // The release: packed without the flag.
        Pack = ProcessRun.Dotnet(LibraryDirectory, ["pack", "-c", "Release", "-o", Feed, "-p:Version=" + LibraryVersion, "--disable-build-servers"], environment).AssertExitCode();
        // The library's own profiled build, every target.
        ProfiledBuild = ProcessRun.Dotnet(LibraryDirectory, ["build", "-c", "Release", "-p:EdmProfiling=true", "--disable-build-servers"], environment).AssertExitCode();
        DriverBuild = ProcessRun.Dotnet(DriverDirectory, ["build", "-c", "Release", "-p:EdmProfiling=true", "-o", DriverOutput, "--disable-build-servers"], environment).AssertExitCode();
        NetStandardDriverBuild = ProcessRun.Dotnet(DriverDirectory, ["build", "-c", "Release", "-p:EdmProfiling=true", "-p:LibraryTarget=netstandard2.0", "-o", NetStandardDriverOutput, "--disable-build-servers"], environment).AssertExitCode();
        NetStandardRuntimeDriverBuild = ProcessRun.Dotnet(DriverDirectory, ["build", "-c", "Release", "-p:EdmProfiling=true", "-p:LibraryTarget=netstandard2.0", "-p:EdmRuntime=netstandard2.0", "-o", NetStandardRuntimeDriverOutput, "--disable-build-servers"], environment).AssertExitCode();
    }

    public string Root { get; }

    public string LibraryDirectory => Path.Combine(Root, "lib");

    public string DriverDirectory => Path.Combine(Root, "app");

    /// <summary>Where the library's release package goes.</summary>
    public string Feed => Path.Combine(Root, "feed");

    public string PackagePath => Path.Combine(Feed, $"{LibraryName}.{LibraryVersion}.nupkg");

    /// <summary>The library's dll built with the flag for <paramref name="target"/>.</summary>
    public string ProfiledLibrary(string target) => Path.Combine(LibraryDirectory, "bin", "Release", target, LibraryName + ".dll");

    /// <summary>The driver on the library's net10.0 build.</summary>
    public string DriverOutput => Path.Combine(Root, "driver");

    /// <summary>The driver on the library's netstandard2.0 build.</summary>
    public string NetStandardDriverOutput => Path.Combine(Root, "driver-netstandard");

    /// <summary>The driver on the library's netstandard2.0 build, compiled against and run with the package's netstandard2.0 runtime.</summary>
    public string NetStandardRuntimeDriverOutput => Path.Combine(Root, "driver-netstandard-runtime");

    public ProcessRun Pack { get; }

    public ProcessRun ProfiledBuild { get; }

    public ProcessRun DriverBuild { get; }

    public ProcessRun NetStandardDriverBuild { get; }

    public ProcessRun NetStandardRuntimeDriverBuild { get; }

    private static void Copy(string source, string directory)
    {
        Directory.CreateDirectory(directory);
        File.Copy(Path.Combine(AppContext.BaseDirectory, "LibraryAuthor", source + ".txt"), Path.Combine(directory, source), overwrite: true);
    }
}
