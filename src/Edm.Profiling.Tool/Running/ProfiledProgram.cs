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
    internal static int Run(IReadOnlyList<string> commandLine, IReadOnlyDictionary<string, string> environment, Action<int>? started = null) =>
        Run(commandLine, environment, workingDirectory: null, logPath: null, started);

    /// <summary>
    /// Runs the program in <paramref name="workingDirectory"/> (the current one when null); with a
    /// <paramref name="logPath"/>, its standard output and error go to that file instead of edm-prof's
    /// (what <c>ab</c> does, so the programs' output does not bury the report). <paramref name="started"/>,
    /// if given, is called with the program's process id as soon as it runs (what <c>--sample</c> attaches to).
    /// </summary>
    /// <exception cref="ProgramStartException">The program does not exist or cannot be started.</exception>
    internal static int Run(IReadOnlyList<string> commandLine, IReadOnlyDictionary<string, string> environment, string? workingDirectory, string? logPath, Action<int>? started = null)
    {
        var start = new ProcessStartInfo(commandLine[0])
        {
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? "",
            RedirectStandardOutput = logPath is not null,
            RedirectStandardError = logPath is not null,
        };
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
            started?.Invoke(process.Id);
            if (logPath is null)
            {
                process.WaitForExit();
                return process.ExitCode;
            }

            using var log = new FileStream(logPath, FileMode.Create, FileAccess.Write, FileShare.Read);
            var gate = new Lock();
            Task output = Copy(process.StandardOutput.BaseStream, log, gate);
            Task error = Copy(process.StandardError.BaseStream, log, gate);
            process.WaitForExit();
            Task.WaitAll(output, error);
            return process.ExitCode;
        }
    }

    /// <summary>Copies a stream of the program into the shared log, a chunk at a time.</summary>
    private static async Task Copy(Stream from, FileStream to, Lock gate)
    {
        byte[] buffer = new byte[8192];
        int read;
        while ((read = await from.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            lock (gate)
            {
                to.Write(buffer, 0, read);
            }
        }
    }
}
