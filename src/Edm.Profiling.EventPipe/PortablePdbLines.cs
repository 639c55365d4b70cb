using System.Reflection.Metadata;
using System.Reflection.Metadata.Ecma335;
using System.Reflection.PortableExecutable;

namespace Edm.Profiling.EventPipe;

/// <summary>A source line: the file as the PDB names it (its build-time path) and the line, 1-based.</summary>
internal sealed record SourceLine(string File, int Line);

/// <summary>
/// The source line of an IL offset in a managed module, read from the module's portable PDB with
/// <c>System.Reflection.Metadata</c> (part of the runtime, precompiled): the PDB file its debug directory names,
/// else the one of that name beside it, else the one embedded in it; a file is taken only when its id matches
/// the module's (a stale PDB would give wrong lines). Each module's PDB is opened once, when a line of it is first asked for.
/// </summary>
/// <remarks>
/// Naming the live stream's stacks used TraceEvent's <c>SymbolReader</c> for this: at the program's exit
/// its code (and its caches' generic instantiations) was compiled on first use, tens of milliseconds on the
/// exiting thread before a line was read. A module without a PDB, or whose PDB cannot be read, has no lines:
/// its frames keep their method names.
/// </remarks>
internal sealed class PortablePdbLines : IDisposable
{
    private readonly Dictionary<string, MetadataReader?> _byModule = new(StringComparer.Ordinal);
    private readonly List<IDisposable> _open = [];

    /// <summary>
    /// The line of IL offset <paramref name="ilOffset"/> in method <paramref name="methodToken"/> of the module at
    /// <paramref name="modulePath"/>: that of the last sequence point at or before the offset; null when the
    /// module has no readable PDB, the method no sequence point there, or that point is hidden (code the compiler
    /// made, with no line of its own: TraceEvent's rule, so lines read live are those of a converted trace).
    /// </summary>
    internal SourceLine? LineOf(string modulePath, int methodToken, int ilOffset)
    {
        if (ilOffset < 0 || PdbOf(modulePath) is not { } pdb)
        {
            return null;
        }

        try
        {
            var handle = MetadataTokens.EntityHandle(methodToken);
            if (handle.Kind != HandleKind.MethodDefinition || MetadataTokens.GetRowNumber(handle) > pdb.MethodDebugInformation.Count)
            {
                return null;
            }

            MethodDebugInformation method = pdb.GetMethodDebugInformation((MethodDefinitionHandle)handle);
            SequencePoint? last = null;
            foreach (SequencePoint point in method.GetSequencePoints())
            {
                if (point.Offset > ilOffset)
                {
                    break;
                }

                last = point;
            }

            return last is { IsHidden: false } found ? new SourceLine(pdb.GetString(pdb.GetDocument(found.Document).Name), found.StartLine) : null;
        }
        catch (BadImageFormatException)
        {
            return null; // a damaged PDB costs the line, not the sample
        }
    }

    public void Dispose()
    {
        foreach (IDisposable open in _open)
        {
            open.Dispose();
        }

        _open.Clear();
        _byModule.Clear();
    }

    /// <summary>The PDB of the module at <paramref name="modulePath"/>, opened on first use; null when it has none that can be read.</summary>
    private MetadataReader? PdbOf(string modulePath)
    {
        if (_byModule.TryGetValue(modulePath, out MetadataReader? known))
        {
            return known;
        }

        MetadataReader? pdb = null;
        try
        {
            pdb = Open(modulePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or BadImageFormatException or InvalidOperationException or ArgumentException or NotSupportedException)
        {
            // No lines for this module: its frames are still named.
        }

        _byModule[modulePath] = pdb;
        return pdb;
    }

    private MetadataReader? Open(string modulePath)
    {
        if (modulePath.Length == 0 || !File.Exists(modulePath))
        {
            return null;
        }

        // The module is read only for its debug directory; an embedded PDB is copied out of it.
        using var module = new PEReader(File.OpenRead(modulePath));
        if (!module.TryOpenAssociatedPortablePdb(modulePath, OpenIfPresent, out MetadataReaderProvider? provider, out _) || provider is null)
        {
            return null;
        }

        _open.Add(provider);
        return provider.GetMetadataReader();
    }

    /// <summary>The PDB file at <paramref name="path"/>, or null when there is none (the PE reader then looks further).</summary>
    private static Stream? OpenIfPresent(string path)
    {
        try
        {
            return File.Exists(path) ? File.OpenRead(path) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
