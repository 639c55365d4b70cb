namespace Edm.Profiling.Tool.Tests;

/// <summary>A fresh directory, deleted when the test ends.</summary>
internal sealed class TempDirectory : IDisposable
{
    internal TempDirectory() => Path = Directory.CreateTempSubdirectory("edm-prof-tests-").FullName;

    internal string Path { get; }

    internal string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A process that just exited may still hold a file for a moment; the OS cleans temp folders.
        }
    }
}
