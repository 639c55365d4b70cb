using System.Globalization;

namespace Edm.Profiling.Analysis;

/// <summary>
/// How far a method's per-run medians moved between the runs of one baseline: largest over smallest,
/// minus one (run medians of 100 and 112 ns are a spread of 12%). A comparison cannot call a method
/// changed by less than its own runs moved without any change, so it widens the time band by this.
/// </summary>
internal readonly record struct BetweenRunSpread(double Spread, long MinNs, long MaxNs, int Runs)
{
    /// <summary>The spread of the runs that called the method; null for fewer than two such runs, or a baseline without per-run medians.</summary>
    internal static BetweenRunSpread? Of(IReadOnlyList<BaselineRun> runs, int methodIndex)
    {
        long min = long.MaxValue, max = 0;
        int count = 0;
        foreach (BaselineRun run in runs)
        {
            if (run.MedianNs.Count <= methodIndex || run.Calls.Count <= methodIndex || run.Calls[methodIndex] == 0)
            {
                continue;
            }

            long median = Math.Max(1, run.MedianNs[methodIndex]);
            min = Math.Min(min, median);
            max = Math.Max(max, median);
            count++;
        }

        return count < 2 ? null : new BetweenRunSpread(((double)max / min) - 1, min, max, count);
    }

    /// <summary>E.g. "the baseline's 5 runs had medians 100–112 ns (spread 12%)".</summary>
    internal string Describe(string side) => string.Create(
        CultureInfo.InvariantCulture,
        $"{side}'s {Runs} runs had medians {MinNs}–{MaxNs} ns (spread {WallTimeComparer.Percent(Spread)})");
}
