using System.CommandLine;
using System.CommandLine.Invocation;

namespace Edm.Profiling.CommandLine.Running;

/// <summary>
/// A command's asynchronous action, run in a session when the command line asks for one. The
/// session covers the whole task, continuations on other threads included.
/// </summary>
internal sealed class ProfiledAsynchronousAction(AsynchronousCommandLineAction inner, CommandProfiler profiler) : AsynchronousCommandLineAction
{
    internal AsynchronousCommandLineAction Inner { get; } = inner;

    public override bool ClearsParseErrors => Inner.ClearsParseErrors;

    public override async Task<int> InvokeAsync(ParseResult parseResult, CancellationToken cancellationToken = default)
    {
        ProfiledRun? run = profiler.Begin(parseResult, out int? refusal);
        if (refusal is { } code)
        {
            return code;
        }

        if (run is null)
        {
            return await Inner.InvokeAsync(parseResult, cancellationToken).ConfigureAwait(false);
        }

        int exitCode;
        try
        {
            exitCode = await Inner.InvokeAsync(parseResult, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            run.Abandon();
            throw;
        }

        return run.End(exitCode);
    }
}
