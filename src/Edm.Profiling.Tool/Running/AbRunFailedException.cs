namespace Edm.Profiling.Tool.Running;

/// <summary>A run of an A/B comparison failed; the message names the run, and the comparison stops with <see cref="ExitCode"/>.</summary>
internal sealed class AbRunFailedException(string message, int exitCode) : Exception(message)
{
    internal int ExitCode { get; } = exitCode;
}
