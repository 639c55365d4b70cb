using System.ComponentModel;
using System.Diagnostics;

namespace Edm.Profiling.Tool.Running;

/// <summary>
/// Runs the program to profile as a child process that inherits edm-prof's standard input, output and
/// error (nothing is read or rewritten in between), with the profiling variables set, and returns its
/// exit code.
/// </summary>
internal static class ProfiledProgram
{
    /// <summary>errno / Win32 error "no such file".</summary>
    private const int FileNotFound = 2;

    /// <exception cref="ProgramStartException">The program does not exist or cannot be started.</exception>
    internal static int Run(IReadOnlyList<string> commandLine, IReadOnlyDictionary<string, string> environment)
    {
        var start = new ProcessStartInfo(commandLine[0]) { UseShellExecute = false };
        foreach (string argument in commandLine.Skip(1))
        {
            start.ArgumentList.Add(argument);
        }

        foreach ((string name, string value) in environment)
        {
            start.Environment[name] = value;
        }

        using var relay = new SignalRelay();
        Process process;
        try
        {
            process = Process.Start(start) ?? throw new ProgramStartException($"cannot run '{commandLine[0]}': it did not start", ExitCodes.CannotExecute);
        }
        catch (Win32Exception e)
        {
            throw e.NativeErrorCode == FileNotFound
                ? new ProgramStartException($"cannot run '{commandLine[0]}': no such program (not a file, and not found on PATH)", ExitCodes.CommandNotFound)
                : new ProgramStartException($"cannot run '{commandLine[0]}': {EdmProf.OneLine(e.Message)}", ExitCodes.CannotExecute);
        }

        using (process)
        {
            relay.Attach(process.Id);
            process.WaitForExit();
            return process.ExitCode;
        }
    }
}
