namespace Edm.Profiling.Analysis.Tests;

/// <summary>A fresh directory, deleted when the test ends.</summary>
internal sealed class TempDirectory : IDisposable
{
    internal TempDirectory() => Path = Directory.CreateTempSubdirectory("edm-analysis-").FullName;

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
            // A killed writer may still hold a file for a moment; the OS cleans temp folders.
        }
    }
}
