using System.Globalization;
using System.Reflection;
using Edm.Profiling.Analysis;
using Edm.Profiling.Analysis.Reporting;
using Edm.Profiling.CommandLine.Parsing;

namespace Edm.Profiling.CommandLine.Running;

/// <summary>
/// One command running in a session. When the command returns, <see cref="End"/> stops the session,
/// prints the report after the command's own output, compares with the baseline, writes the files,
/// and gives the exit code.
/// </summary>
internal sealed class ProfiledRun(
    ProfileRequest request,
    ProfilingSession session,
    Baseline? baseline,
    ConsoleReport console,
    ProfilingCliOptions options,
    Assembly? application)
{
    internal const string NoProbesNotice =
        "this build has no probes, so [Profile] methods are not timed (Profiler.Scope blocks are); rebuild with -p:EdmProfiling=true to record them";

    /// <summary>The order the console report lists verdicts in: what needs attention first.</summary>
    private static readonly Verdict[] CountOrder =
        [Verdict.Regressed, Verdict.Improved, Verdict.New, Verdict.Missing, Verdict.Unknown, Verdict.Unchanged];

    /// <summary>The command threw: the session stops and is dropped, since its figures are cut short.</summary>
    internal void Abandon() => session.Stop();

    /// <summary>Reports the run; returns the command's exit code unless profiling changes it.</summary>
    internal int End(int exitCode)
    {
        SessionReport report = session.Stop();
        ComparisonReport? comparison = baseline is null ? null : RegressionDetector.Compare(baseline, report, options.Comparison);

        console.Error.WriteLine();
        console.Print(ReportContent.Of(report));
        if (comparison is not null && comparison.IncomparableReason is null)
        {
            console.Error.WriteLine();
            console.Print(ReportContent.Of(comparison));
        }

        int code = exitCode;
        if (comparison is not null)
        {
            bool fails = request.FailOnRegression && comparison.IncomparableReason is null && comparison.Summary.HasRegression && exitCode == 0;
            if (fails)
            {
                code = options.RegressionExitCode;
            }

            // A baseline from another machine: said before the verdict, since its time was not judged.
            foreach (string warning in comparison.Warnings)
            {
                console.Line($"WARNING: {warning}");
            }

            console.Line(VerdictLine(comparison, request.BaselinePath!, fails ? code : null));
        }

        if (!ProbedBuild.HasProbes(report, application))
        {
            console.Line(NoProbesNotice);
        }

        bool written = Write(report, comparison);
        return !written && code == 0 ? ProfilingExitCodes.ProfilingError : code;
    }

    /// <summary>Writes the session and the report files; false (after one line) when one cannot be written.</summary>
    private bool Write(SessionReport report, ComparisonReport? comparison)
    {
        var paths = ReportPaths.For(request.OutputPath, options.OutputDirectory, session);
        var content = new ReportContent { Session = report, Comparison = comparison };
        string path = paths.SessionPath;
        try
        {
            SessionJson.WriteFile(report, path);
            console.Line($"session written to {path}");
            foreach (ReportFormat format in request.Formats)
            {
                if (format == ReportFormat.Json && comparison is null)
                {
                    continue; // the session file is the JSON report
                }

                path = paths.PathOf(format);
                ReportWriters.For(format, options.Reports).WriteFile(format == ReportFormat.Json ? ReportContent.Of(comparison!) : content, path);
                console.Line($"{format.Name()} report written to {path}");
            }

            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            console.Line($"{path}: cannot write the file: {e.Message}");
            return false;
        }
    }

    private static string VerdictLine(ComparisonReport comparison, string baselinePath, int? failingCode)
    {
        if (comparison.IncomparableReason is { } reason)
        {
            return $"no verdict: {baselinePath} is not comparable with this run ({reason}); record a baseline on this machine to compare";
        }

        string counts = string.Join(", ", CountOrder
            .Where(v => comparison.Summary.Counts.GetValueOrDefault(v) > 0)
            .Select(v => $"{comparison.Summary.Counts[v]} {v.ToString().ToLowerInvariant()}"));
        if (!comparison.Summary.HasRegression)
        {
            return $"verdict: no regression against {baselinePath} ({counts})";
        }

        string ratio = comparison.Summary.GeometricMeanRegressedRatio is { } r
            ? string.Create(CultureInfo.InvariantCulture, $", ×{r:0.00} geometric mean")
            : "";
        string exit = failingCode is { } code ? string.Create(CultureInfo.InvariantCulture, $"; exit code {code}") : "";
        return $"verdict: REGRESSED against {baselinePath} ({counts}{ratio}){exit}";
    }
}
