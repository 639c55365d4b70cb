namespace Edm.Profiling.EventPipe;

/// <summary>
/// Names the precompiled (ReadyToRun) code of the traced process's managed assemblies that the trace left
/// unnamed: the file mapped at the address (<see cref="NativeModuleMap"/>), read once per assembly
/// (<see cref="ReadyToRunImage"/>). Used when the stacks are named, at the end of the session, so the
/// program pays nothing for it while it runs. The images read stay valid when the map is read again (they are
/// read by file offset), so a process-wide session opens CoreLib's before its stop (<see cref="OpenAhead"/>).
/// </summary>
internal sealed class PrecompiledMethods(NativeModuleMap map) : IDisposable
{
    private readonly Dictionary<string, ReadyToRunImage?> _images = new(StringComparer.Ordinal);

    /// <summary>The process's memory map the addresses are looked up in (replaced by a fresher reading at stop).</summary>
    internal NativeModuleMap Map { get; set; } = map;

    /// <summary>The method whose precompiled code holds <paramref name="address"/>, or null (not a managed assembly's code, or not found).</summary>
    internal string? NameOf(ulong address)
    {
        if (Map.FileAt(address) is not var (path, offset) || !path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        return ImageOf(path)?.MethodAt(offset);
    }

    /// <summary>
    /// Reads the ReadyToRun tables of the assembly at <paramref name="path"/> now and names one of its methods, so
    /// naming its code later costs neither (the stop rehearsal does it for CoreLib, on the reader thread).
    /// </summary>
    internal void OpenAhead(string path)
    {
        foreach ((long offset, _) in ImageOf(path)?.Methods() ?? [])
        {
            ImageOf(path)!.MethodAt(offset);
            break;
        }
    }

    private ReadyToRunImage? ImageOf(string path)
    {
        if (!_images.TryGetValue(path, out ReadyToRunImage? image))
        {
            _images[path] = image = ReadyToRunImage.Open(path);
        }

        return image;
    }

    public void Dispose()
    {
        foreach (ReadyToRunImage? image in _images.Values)
        {
            image?.Dispose();
        }

        _images.Clear();
    }
}
