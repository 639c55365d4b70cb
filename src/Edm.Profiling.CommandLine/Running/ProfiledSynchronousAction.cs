using System.CommandLine;
using System.CommandLine.Invocation;

namespace Edm.Profiling.CommandLine.Running;

/// <summary>A command's synchronous action, run in a session when the command line asks for one.</summary>
internal sealed class ProfiledSynchronousAction(SynchronousCommandLineAction inner, CommandProfiler profiler) : SynchronousCommandLineAction
{
    internal SynchronousCommandLineAction Inner { get; } = inner;

    public override bool ClearsParseErrors => Inner.ClearsParseErrors;

    public override int Invoke(ParseResult parseResult)
    {
        ProfiledRun? run = profiler.Begin(parseResult, out int? refusal);
        if (refusal is { } code)
        {
            return code;
        }

        if (run is null)
        {
            return Inner.Invoke(parseResult);
        }

        int exitCode;
        try
        {
            exitCode = Inner.Invoke(parseResult);
        }
        catch
        {
            run.Abandon();
            throw;
        }

        return run.End(exitCode);
    }
}
