using System.Globalization;
using System.Runtime.InteropServices;

namespace Edm.Profiling.Tool.Running;

/// <summary>
/// Runs two sides alternately, A B or B A, each run profiled into a session file of its own
/// (<c>a-01.json</c>, <c>b-01.json</c>, … in the sessions folder; the program's output in
/// <c>a-01.log</c> …). Runs of a pair follow each other closely, so whatever the machine does slowly
/// (heat, other tenants) touches both. The order is balanced: pairs come in twos, one A-first and one
/// B-first in a random order, so an effect of position (the second run of a pair slower because it
/// starts while the first one's process still exits) falls on each side equally often instead of on
/// whichever side a coin put second more often.
/// A run that fails stops everything with a message naming it; Ctrl+C stops after the run under way,
/// and every session written so far stays in the folder.
/// </summary>
internal sealed class InterleavedRuns : IDisposable
{
    private readonly PosixSignalRegistration _interrupt;
    private volatile bool _interrupted;

    internal InterleavedRuns()
    {
        // Ctrl+C reaches the programs too (same process group); edm-prof stops after the run under way.
        _interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, context =>
        {
            context.Cancel = true;
            _interrupted = true;
        });
    }

    /// <summary>True once Ctrl+C was pressed.</summary>
    internal bool Interrupted => _interrupted;

    /// <summary>Settings of the runs.</summary>
    internal sealed record Plan(int Runs, int Warmup, int Seed, string Folder, Layer? Layer, int? Reservoir);

    /// <summary>
    /// Runs the plan and returns the session files of each side, pair by pair; fewer than asked when
    /// interrupted (then <see cref="Interrupted"/> is true).
    /// </summary>
    /// <exception cref="AbRunFailedException">A run exited with a non-zero code, wrote no session, or could not start.</exception>
    internal (List<string> A, List<string> B) Run(AbSide a, AbSide b, Plan plan, TextWriter progress)
    {
        var random = new Random(plan.Seed);
        var sessionsA = new List<string>();
        var sessionsB = new List<string>();
        bool aFirst = false;
        for (int pair = 1 - plan.Warmup; pair <= plan.Runs && !_interrupted; pair++)
        {
            bool warmup = pair <= 0;
            aFirst = warmup || pair % 2 == 1 ? random.Next(2) == 0 : !aFirst;
            AbSide[] order = aFirst ? [a, b] : [b, a];
            progress.WriteLine(warmup
                ? $"warm-up {pair + plan.Warmup} of {plan.Warmup}: {order[0].Label} {order[1].Label}"
                : $"pair {pair} of {plan.Runs}: {order[0].Label} {order[1].Label}");
            foreach (AbSide side in order)
            {
                string? session = RunOne(side, warmup ? null : pair, plan);
                if (_interrupted)
                {
                    break;
                }

                if (session is not null)
                {
                    (side == a ? sessionsA : sessionsB).Add(session);
                }
            }

            // An interrupted pair is incomplete: its session stays on disk but is not paired.
            if (_interrupted && sessionsA.Count != sessionsB.Count)
            {
                int keep = Math.Min(sessionsA.Count, sessionsB.Count);
                sessionsA.RemoveRange(keep, sessionsA.Count - keep);
                sessionsB.RemoveRange(keep, sessionsB.Count - keep);
            }
        }

        return (sessionsA, sessionsB);
    }

    /// <summary>One run; returns its session file, or null for a warm-up run (whose session is deleted).</summary>
    private string? RunOne(AbSide side, int? pair, Plan plan)
    {
        string stem = pair is { } n ? string.Create(CultureInfo.InvariantCulture, $"{side.Label.ToLowerInvariant()}-{n:00}") : $"{side.Label.ToLowerInvariant()}-warmup";
        string what = pair is { } p ? $"run {p} of {side.Describe()}" : $"warm-up run of {side.Describe()}";
        string pending = SessionFiles.PendingPath(plan.Folder);
        string log = Path.Combine(plan.Folder, stem + ".log");
        var environment = ProfilingEnvironment.For(pending, plan.Layer, timeline: false, name: null, plan.Reservoir);
        foreach ((string name, string value) in side.Environment)
        {
            environment[name] = value;
        }

        int exitCode;
        try
        {
            exitCode = ProfiledProgram.Run(side.CommandLine, environment, side.WorkingDirectory, log);
        }
        catch (ProgramStartException e)
        {
            throw new AbRunFailedException($"{what} could not start: {e.Message}", e.ExitCode);
        }

        if (_interrupted)
        {
            return null;
        }

        if (exitCode != 0)
        {
            File.Delete(pending);
            throw new AbRunFailedException($"{what} failed with exit code {exitCode} (its output is in {log}); stopped", ExitCodes.BadInput);
        }

        if (!File.Exists(pending))
        {
            throw new AbRunFailedException($"{what} wrote no session (its output is in {log}): build it with -p:EdmProfiling=true and [Profile] on methods; stopped", ExitCodes.BadInput);
        }

        if (pair is null)
        {
            File.Delete(pending);
            File.Delete(log);
            return null;
        }

        string path = Path.Combine(plan.Folder, stem + ".json");
        File.Move(pending, path, overwrite: false);
        return path;
    }

    public void Dispose() => _interrupt.Dispose();
}
