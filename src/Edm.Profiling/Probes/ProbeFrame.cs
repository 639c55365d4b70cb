using System.ComponentModel;

namespace Edm.Profiling;

/// <summary>
/// The handle of one probed call, returned by <see cref="Probe.Enter(int)"/> and passed back to
/// <see cref="Probe.Exit(ref ProbeFrame)"/>. A default frame means "not recording" and costs nothing.
/// </summary>
[EditorBrowsable(EditorBrowsableState.Never)]
public struct ProbeFrame
{
    internal ThreadBuffer? Buffer;
    internal int Index;
    internal bool Faulted;
    internal bool HandedOff;
    internal PendingCall? Call;

    internal ProbeFrame(ThreadBuffer buffer, int index, PendingCall? call)
    {
        Buffer = buffer;
        Index = index;
        Call = call;
    }

    /// <summary>Whether this call is being recorded.</summary>
    public readonly bool IsRecording => Buffer is not null;
}
