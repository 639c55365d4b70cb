namespace Edm.Profiling.Tool;

/// <summary>What the exit code of <c>edm-prof</c> means (docs/edm-prof.md, "Exit codes").</summary>
internal static class ExitCodes
{
    /// <summary>Done; for <c>compare</c>, no regression or <c>--fail-on-regression</c> not given.</summary>
    internal const int Success = 0;

    /// <summary><c>compare --fail-on-regression</c> found a regressed method.</summary>
    internal const int Regression = 1;

    /// <summary>Bad input or usage: a missing, malformed or unreadable file, a bad option value, an unknown command.</summary>
    internal const int BadInput = 2;

    /// <summary>A bug in edm-prof (sysexits.h's EX_SOFTWARE), so scripts can tell it from bad input.</summary>
    internal const int InternalError = 70;

    /// <summary><c>run</c>: the program exists but cannot be started (as shells and <c>env</c> say).</summary>
    internal const int CannotExecute = 126;

    /// <summary><c>run</c>: no such program (as shells and <c>env</c> say).</summary>
    internal const int CommandNotFound = 127;
}
