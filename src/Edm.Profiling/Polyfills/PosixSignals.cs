#if NETSTANDARD2_0
// netstandard2.0 has no POSIX signal API. These stand-ins let process mode compile unchanged there:
// registering throws PlatformNotSupportedException, which process mode already treats as "this
// platform does not offer the signal", so the session is written at exit only.
namespace System.Runtime.InteropServices;

internal enum PosixSignal
{
    SIGINT = -2,
    SIGTERM = -4,
    SIGQUIT = -3,
}

internal sealed class PosixSignalContext(PosixSignal signal)
{
    public PosixSignal Signal { get; } = signal;
}

internal sealed class PosixSignalRegistration : IDisposable
{
    private PosixSignalRegistration()
    {
    }

    public static PosixSignalRegistration Create(PosixSignal signal, Action<PosixSignalContext> handler) =>
        throw new PlatformNotSupportedException($"{signal} cannot be watched on netstandard2.0");

    public void Dispose()
    {
    }
}
#endif
