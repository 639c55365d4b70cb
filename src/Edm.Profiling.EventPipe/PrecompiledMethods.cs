namespace Edm.Profiling.EventPipe;

/// <summary>
/// Names the precompiled (ReadyToRun) code of the traced process's managed assemblies that the trace left
/// unnamed: the file mapped at the address (<see cref="NativeModuleMap"/>), read once per assembly
/// (<see cref="ReadyToRunImage"/>). Used when the stacks are named, at the end of the session, so the
/// program pays nothing for it while it runs.
/// </summary>
internal sealed class PrecompiledMethods(NativeModuleMap map) : IDisposable
{
    private readonly Dictionary<string, ReadyToRunImage?> _images = new(StringComparer.Ordinal);

    /// <summary>The method whose precompiled code holds <paramref name="address"/>, or null (not a managed assembly's code, or not found).</summary>
    internal string? NameOf(ulong address)
    {
        if (map.FileAt(address) is not var (path, offset) || !path.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        if (!_images.TryGetValue(path, out ReadyToRunImage? image))
        {
            _images[path] = image = ReadyToRunImage.Open(path);
        }

        return image?.MethodAt(offset);
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
