namespace Edm.Profiling.CommandLine;

/// <summary>
/// The exit codes profiling adds to a command's own. Otherwise a profiled command returns what the
/// command returned.
/// </summary>
public static class ProfilingExitCodes
{
    /// <summary>
    /// A profiling option had a bad value (an unknown format or layer, an unreadable baseline), so the
    /// command did not run; or the command ran but its session or reports could not be written.
    /// The reason is one line on standard error.
    /// </summary>
    public const int ProfilingError = 2;

    /// <summary>
    /// <c>--profile-fail-on-regression</c> was given and the run regressed against the baseline. Only
    /// replaces a successful command's 0: a failing command keeps its own code.
    /// <see cref="ProfilingCliOptions.RegressionExitCode"/> changes it.
    /// </summary>
    public const int Regression = 3;
}
