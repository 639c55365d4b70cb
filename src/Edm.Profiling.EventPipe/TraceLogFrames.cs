using Microsoft.Diagnostics.Symbols;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// Names a converted trace's stacks (<see cref="ConvertedTrace"/>) through TraceEvent's <see cref="TraceLog"/>,
/// which named the code addresses from the trace's method events, and their lines through its
/// <see cref="SymbolReader"/>; the frames go into <see cref="Frames"/>, as a live stream's do.
/// </summary>
internal sealed class TraceLogFrames(TraceLog log, SymbolReader symbols, TraceFrames frames)
{
    private readonly Dictionary<CodeAddressIndex, FrameAt> _byAddress = [];
    private readonly Dictionary<CallStackIndex, ResolvedStack?> _stacks = [];

    /// <summary>The frames named so far.</summary>
    internal TraceFrames Frames { get; } = frames;

    /// <summary>
    /// The stack <paramref name="index"/> of the trace, outermost frame first, with each frame's line (0 when
    /// unknown); null when it is the profiler's own stack or has no frame (<see cref="TraceFrames.Outermost"/>).
    /// </summary>
    internal ResolvedStack? Resolve(CallStackIndex index)
    {
        if (_stacks.TryGetValue(index, out ResolvedStack? known))
        {
            return known;
        }

        var frames = new List<FrameAt>();
        for (TraceCallStack? stack = log.CallStacks[index]; stack is not null; stack = stack.Caller)
        {
            frames.Add(Resolve(stack.CodeAddress));
        }

        frames.Reverse();
        ResolvedStack? resolved = Frames.Outermost([.. frames.Select(f => f.Frame)], [.. frames.Select(f => f.Line)]);
        _stacks[index] = resolved;
        return resolved;
    }

    private FrameAt Resolve(TraceCodeAddress address)
    {
        if (_byAddress.TryGetValue(address.CodeAddressIndex, out FrameAt? known))
        {
            return known;
        }

        string? name = address.FullMethodName is { Length: > 0 } method ? method : null;
        SourceLocation? source = address.Method is null ? null : LineOf(address);
        FrameAt resolved = Frames.Frame(name, address.Address, address.ModuleName, source?.SourceFile?.BuildTimeFilePath, source?.LineNumber ?? 0);
        _byAddress[address.CodeAddressIndex] = resolved;
        return resolved;
    }

    /// <summary>The source line of <paramref name="address"/>, or null when it has none or the PDB cannot be read.</summary>
    private SourceLocation? LineOf(TraceCodeAddress address)
    {
        try
        {
            return address.GetSourceLine(symbols) is { LineNumber: > 0 } source ? source : null;
        }
#pragma warning disable CA1031 // A PDB that cannot be read costs the line, not the sample.
        catch (Exception)
#pragma warning restore CA1031
        {
            return null;
        }
    }
}
