namespace Edm.Profiling;

/// <summary>
/// Turns what adaptive timing recorded into estimates, when a session is merged. A timed call of a
/// sampled probe stands for itself and the untimed calls of the gap it drew, up to the next timed call (its
/// weight w), so the sums are already scaled; what is left: the difference between the calls made and the
/// weights (a gap cut short by the session's end, or a timed call still running: the times are scaled by
/// calls / weights), the time untimed calls spent inside their caller's self time (taken out by the mean),
/// and the estimate's standard error. For calls of mean μ and variance σ², independent of which
/// call is timed, the error of Σ w·x over a block of w calls is w·x − Σx, of variance w(w−1)σ²; summed,
/// Var = σ²·Σ w(w−1), with σ² estimated from the timed calls (docs/session-format.md).
/// </summary>
internal static class SampledEstimates
{
    /// <summary>Completes a merged probe slot's scaled sums and returns what the report says about them.</summary>
    internal static SampledTiming Scale(ProbeSlot s, long frequency)
    {
        // Calls not yet stood for by a timed call (positive), or credited to one and never made (negative).
        long pending = s.PendingWeight;
        long weighted = s.Calls - pending;
        if (pending != 0 && weighted > 0)
        {
            double factor = (double)s.Calls / weighted;
            s.InclusiveTicks = (long)Math.Round(s.InclusiveTicks * factor);
            s.SelfTicks = (long)Math.Round(s.SelfTicks * factor);
            s.SumTicks = (long)Math.Round(s.SumTicks * factor);
        }

        long timed = s.SampledTimedCalls;
        double variance = timed > 1
            ? Math.Max(0, (s.SampledSumSquares - (s.SampledSum * s.SampledSum / timed)) / (timed - 1))
            : 0;

        // Calls no timed call stands for add the error of their mean: pending·σ² + pending²·σ²/timed.
        // (Calls credited and never made shrink a block; its w(w−1) term then overstates the error a little.)
        long unstood = Math.Max(0, pending);
        double blocks = s.SampledWeightPairs + unstood + (timed > 0 ? (double)unstood * unstood / timed : 0);
        double errorNs = Math.Sqrt(blocks * variance) * (1e9 / frequency);
        return new SampledTiming { TimedCalls = s.Calls - s.SkippedCalls, TotalStandardErrorNs = (long)Math.Round(errorNs) };
    }

    /// <summary>
    /// Scales the call-tree paths of sampled probes, and takes their untimed calls' estimated time out of
    /// their callers' self time (adding the amount per caller probe to <paramref name="selfCorrections"/>).
    /// </summary>
    internal static void ScalePaths(long[] calls, long[] inclusive, long[] self, long[] skipped, long[] pending, long[] selfCorrections)
    {
        for (int i = 1; i < calls.Length; i++)
        {
            if (skipped[i] == 0 || calls[i] == 0)
            {
                continue;
            }

            long weighted = calls[i] - pending[i];
            if (pending[i] != 0 && weighted > 0)
            {
                double factor = (double)calls[i] / weighted;
                inclusive[i] = (long)Math.Round(inclusive[i] * factor);
                self[i] = (long)Math.Round(self[i] * factor);
            }

            if (CallPath.Get(i).Parent is { Index: > 0 } parent)
            {
                long untimed = (long)Math.Round((double)skipped[i] * inclusive[i] / calls[i]);
                long taken = Math.Min(untimed, self[parent.Index]);
                self[parent.Index] -= taken;
                if ((uint)parent.ProbeId < (uint)selfCorrections.Length)
                {
                    selfCorrections[parent.ProbeId] += taken;
                }
            }
        }
    }
}
