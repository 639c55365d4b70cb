namespace Edm.Profiling;

/// <summary>
/// Writes files so that readers see the old content or the new, never a mix: the content goes to a
/// temporary file beside the target, is flushed to disk, and is renamed over the target.
/// </summary>
internal static class AtomicFile
{
    internal static void Write(string path, Action<Stream> write)
    {
        string fullPath = Path.GetFullPath(path);
        if (Directory.Exists(fullPath))
        {
            throw new IOException($"{path}: is a directory, not a file.");
        }

        string directory = Path.GetDirectoryName(fullPath)!;
        Directory.CreateDirectory(directory);
        string temp = Path.Combine(directory, $".{Path.GetFileName(fullPath)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024))
            {
                write(stream);
                stream.Flush(flushToDisk: true);
            }

#if NET
            File.Move(temp, fullPath, overwrite: true);
#else
            // netstandard2.0 has no overwriting move; Replace swaps in place, Move serves a new file.
            if (File.Exists(fullPath))
            {
                File.Replace(temp, fullPath, destinationBackupFileName: null);
            }
            else
            {
                File.Move(temp, fullPath);
            }
#endif
        }
        finally
        {
            if (File.Exists(temp))
            {
                File.Delete(temp);
            }
        }
    }
}
