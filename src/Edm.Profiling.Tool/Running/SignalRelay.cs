using System.Runtime.InteropServices;

namespace Edm.Profiling.Tool.Running;

/// <summary>
/// Keeps edm-prof alive while the profiled program runs, so that its exit code and session are not
/// lost: Ctrl+C and Ctrl+\ reach the whole foreground process group, the program included, so edm-prof
/// leaves them to the program and waits; SIGTERM is sent to edm-prof alone (by a CI runner or a
/// supervisor), so edm-prof passes it on to the program and waits for it to finish.
/// </summary>
internal sealed partial class SignalRelay : IDisposable
{
    /// <summary>SIGTERM's number on Linux and macOS (<see cref="PosixSignal.SIGTERM"/> is an abstract value).</summary>
    private const int SigTerm = 15;

    private readonly List<PosixSignalRegistration> _registrations = [];
    private int _programId;

    internal SignalRelay()
    {
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, context => context.Cancel = true));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGQUIT, context => context.Cancel = true));
        if (!OperatingSystem.IsWindows())
        {
            _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, context =>
            {
                int program = Volatile.Read(ref _programId);
                if (program != 0)
                {
                    context.Cancel = true;
                    _ = Kill(program, SigTerm);
                }
            }));
        }
    }

    /// <summary>From now on signals are relayed to (or left to) this process.</summary>
    internal void Attach(int processId) => Volatile.Write(ref _programId, processId);

    public void Dispose()
    {
        foreach (PosixSignalRegistration registration in _registrations)
        {
            registration.Dispose();
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int processId, int signal);
}
