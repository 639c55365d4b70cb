namespace Edm.Profiling.TestSupport;

/// <summary>
/// A fresh directory under the temp folder, deleted when the test ends. Shared as source by the test
/// projects that need one (each includes tests/Shared in its compile items).
/// </summary>
internal sealed class TempDirectory : IDisposable
{
    internal TempDirectory() => Path = Directory.CreateTempSubdirectory("edm-tests-").FullName;

    internal string Path { get; }

    /// <summary>The path of <paramref name="name"/> in the directory (the file need not exist).</summary>
    internal string File(string name) => System.IO.Path.Combine(Path, name);

    /// <summary>Every file below the directory.</summary>
    internal string[] Files() => Directory.Exists(Path) ? Directory.GetFiles(Path, "*", SearchOption.AllDirectories) : [];

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process that just exited, or a killed writer, may still hold a file for a moment; the OS cleans temp folders.
        }
    }
}
