using System.CommandLine;
using System.Reflection;
using Edm.Profiling.Analysis;
using Edm.Profiling.CommandLine.Parsing;

namespace Edm.Profiling.CommandLine.Running;

/// <summary>
/// Decides, before a command runs, whether it runs in a session: not asked, asked with a bad value
/// (the command does not run), asked where a session cannot start (it runs unprofiled, with one
/// line saying why), or asked (a <see cref="ProfiledRun"/>).
/// </summary>
internal sealed class CommandProfiler(ProfilingSymbols symbols, ProfilingCliOptions options)
{
    /// <summary>
    /// Starts a run, or returns null: with <paramref name="refusal"/> set, the command must not run
    /// and that is the exit code; without it, the command runs unprofiled.
    /// </summary>
    internal ProfiledRun? Begin(ParseResult parseResult, out int? refusal)
    {
        refusal = null;
        if (!ProfileRequest.TryRead(parseResult, symbols, out ProfileRequest? request, out string? problem))
        {
            return null;
        }

        var console = new ConsoleReport(parseResult.InvocationConfiguration.Error, options.Reports);
        if (problem is not null)
        {
            console.Line(problem);
            refusal = ProfilingExitCodes.ProfilingError;
            return null;
        }

        if (WhyNoSession() is { } reason)
        {
            console.Line(reason);
            return null;
        }

        Baseline? baseline = null;
        if (request!.BaselinePath is { } baselinePath)
        {
            try
            {
                baseline = RunFile.ReadBaseline(baselinePath);
            }
            catch (AnalysisException e)
            {
                console.Line(e.Message);
                refusal = ProfilingExitCodes.ProfilingError;
                return null;
            }
        }

        SessionOptions fromEnvironment = SessionOptions.FromEnvironment();
        var sessionOptions = new SessionOptions
        {
            SampleReservoirSize = options.SampleReservoirSize,
            MaxLayer = request.Layer,
            // speedscope and chrome need the timeline; EDM_PROFILING_TIMELINE=1 asks for it too, as in process mode.
            RecordTimeline = request.NeedsTimeline || fromEnvironment.RecordTimeline,
            // --profile-backends, and EDM_PROFILING_BACKENDS as in process mode.
            Backends = ProfilerBackends.ParseList(string.Join(",", [.. request.Backends, .. fromEnvironment.Backends])),
            // --profile-flush-interval and --profile-max-files, else their variables as in process mode; the
            // intervals go beside the session (a .json path gets -000001.json, … ; a folder numbered files).
            FlushInterval = request.FlushInterval ?? fromEnvironment.FlushInterval,
            MaxFiles = request.MaxFiles ?? fromEnvironment.MaxFiles,
            IntervalOutput = request.OutputPath ?? options.OutputDirectory,
        };
        try
        {
            ProfilingSession session = Profiler.StartSession(request.SessionName, sessionOptions);
            Assembly? application = options.ApplicationAssembly ?? Assembly.GetEntryAssembly();
            return new ProfiledRun(request, session, baseline, console, options, application);
        }
        catch (InvalidOperationException)
        {
            // Another session started in between; it records the command.
            console.Line("another session started in this process; it records this command, so --profile starts no second one");
            return null;
        }
    }

    /// <summary>Why this process cannot start a session of its own, or null when it can.</summary>
    private static string? WhyNoSession()
    {
        if (!string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(ProfilingSwitches.OutputVariable))
            || Profiler.ActiveSession is { IsProcessWide: true })
        {
            return $"{ProfilingSwitches.OutputVariable} is set (e.g. by 'edm-prof run'): the process session records this command and is written at exit; --profile starts no second session";
        }

        if (Profiler.ActiveSession is { } active)
        {
            return $"session '{active.Name}' is already running in this process and records this command; --profile starts no second session";
        }

        if (!Profiler.Enabled)
        {
            return $"profiling is switched off in this process ({ProfilingSwitches.EnabledVariable}=0 or the {ProfilingSwitches.EnabledSwitch} switch); the command runs without a session";
        }

        return null;
    }
}
