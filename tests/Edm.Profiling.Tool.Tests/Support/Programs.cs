namespace Edm.Profiling.Tool.Tests;

/// <summary>The built programs the tests run: edm-prof itself, the QuickStart sample, and the test program.</summary>
internal static class Programs
{
    internal static string EdmProf => Built("src", "Edm.Profiling.Tool", "edm-prof.dll");

    internal static string QuickStart => Built("samples", "QuickStart", "QuickStart.dll");

    internal static string TestProgram => Built("tests", "Edm.Profiling.Tool.TestProgram", "Edm.Profiling.Tool.TestProgram.dll");

    /// <summary>tests/Edm.Profiling.Tool.Tests/bin/&lt;config&gt;/net10.0 → &lt;folder&gt;/&lt;project&gt;/bin/&lt;config&gt;/net10.0/&lt;dll&gt;.</summary>
    private static string Built(string folder, string project, string dll)
    {
        string baseDir = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        string framework = Path.GetFileName(baseDir);
        string configuration = Path.GetFileName(Path.GetDirectoryName(baseDir)!);
        string root = Path.GetFullPath(Path.Combine(baseDir, "..", "..", "..", "..", ".."));
        string path = Path.Combine(root, folder, project, "bin", configuration, framework, dll);
        return File.Exists(path) ? path : throw new FileNotFoundException($"{path} is not built", path);
    }
}
