namespace Edm.Profiling.Tool.Running;

/// <summary>The program to profile could not be started; <see cref="ExitCode"/> is what a shell would return (127 not found, 126 not runnable).</summary>
internal sealed class ProgramStartException(string message, int exitCode) : Exception(message)
{
    internal int ExitCode { get; } = exitCode;
}
