namespace Edm.Profiling;

/// <summary>How a scope's end found its frame: see <see cref="ThreadBuffer.ExitScope"/>.</summary>
internal enum ScopeEnd
{
    /// <summary>On its own thread's stack: recorded like a call.</summary>
    OnStack,

    /// <summary>Ended on another thread while its frame was still on the stack it began on: the frame carries its end for the owner.</summary>
    MarkedEnded,

    /// <summary>Its frame was let go before it ended (its block awaited and the code around it went on).</summary>
    LetGo,
}
