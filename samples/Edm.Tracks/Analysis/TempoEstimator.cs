using Edm.Profiling;

namespace Edm.Tracks.Analysis;

/// <summary>
/// Tempo from the periodicity of the onset envelope, in three steps:
/// <list type="number">
/// <item>the autocorrelation lag that scores best once weighted by <see cref="TempoPrior"/>;</item>
/// <item>the metrical level: a drum pattern repeats exactly every half bar or bar, so longer periods
/// correlate at least as well as the beat itself, and plain autocorrelation drifts to half tempo
/// (drum and bass read as 87 instead of 174). The beat is taken as the fastest level, ×2 or ×1.5 of
/// the best, that stays in the preferred range and correlates nearly as well;</item>
/// <item>refinement to a fraction of a frame from the peaks at the period's multiples (the peak at
/// 4 beats pins the period four times as finely as the one at 1 beat).</item>
/// </list>
/// </summary>
public static class TempoEstimator
{
    private const double BpmStep = 0.25;
    private const int Harmonics = 4;

    /// <summary>
    /// A faster level is taken when it correlates at least this share of the slower one. On the
    /// generated styles the beat level scores 0.93–1.1 of its half-tempo level, while the eighth-note
    /// level of a hip-hop groove scores at most 0.66 of its beat.
    /// </summary>
    private const double FasterLevelShare = 0.8;

    /// <summary>
    /// The coarse tempo is only good to a frame of lag (~0.7 % at 120 BPM), so a faster level just
    /// over the top of the preferred range (180.4 for a true 179.5) still counts as inside it.
    /// </summary>
    private const double RangeSlack = 1.03;

    /// <summary>Faster levels tried, as multiples of the tempo: the beat under a half bar, and under a dotted beat.</summary>
    private static readonly double[] FasterLevels = [2, 1.5];

    /// <summary>Estimates the tempo; null when the envelope has no periodicity at all (silence, a drone).</summary>
    [Profile(Category = "analysis")]
    public static TempoEstimate? Estimate(OnsetEnvelope envelope)
    {
        double frameRate = envelope.FrameRate;
        float[] smoothed = Smoothing.Gaussian(envelope.Values, sigma: 1.0);
        int longestBeat = (int)Math.Ceiling(LagOf(TempoPrior.MinimumBpm, frameRate));
        Autocorrelation? correlation = Autocorrelation.Compute(smoothed, (longestBeat * Harmonics) + 2);
        if (correlation is null)
        {
            return null;
        }

        double bestBpm = 0;
        double bestScore = 0;
        for (double bpm = TempoPrior.MinimumBpm; bpm <= TempoPrior.MaximumBpm; bpm += BpmStep)
        {
            double lag = LagOf(bpm, frameRate);
            if (lag >= correlation.MaxLag)
            {
                continue;
            }

            double score = TempoPrior.Weight(bpm) * correlation.At(lag);
            if (score > bestScore)
            {
                bestScore = score;
                bestBpm = bpm;
            }
        }

        if (bestScore <= 0)
        {
            return null;
        }

        bestBpm = ChooseMetricalLevel(correlation, bestBpm, frameRate);
        double period = RefinePeriod(correlation, LagOf(bestBpm, frameRate));
        double confidence = Math.Clamp(correlation.At(period), 0, 1);
        return new TempoEstimate(60 * frameRate / period, confidence);
    }

    private static double ChooseMetricalLevel(Autocorrelation correlation, double bpm, double frameRate)
    {
        bool changed = true;
        while (changed)
        {
            changed = false;
            double current = correlation[(int)Math.Round(correlation.PeakNear(LagOf(bpm, frameRate), radius: 2))];
            foreach (double factor in FasterLevels)
            {
                double faster = bpm * factor;
                if (faster > TempoPrior.PreferredHighBpm * RangeSlack)
                {
                    continue;
                }

                double candidate = correlation[(int)Math.Round(correlation.PeakNear(LagOf(faster, frameRate), radius: 2))];
                if (candidate >= FasterLevelShare * current)
                {
                    bpm = faster;
                    changed = true;
                    break;
                }
            }
        }

        return bpm;
    }

    /// <summary>Least-squares period through the origin from the peaks near k·lag, k = 1…4.</summary>
    private static double RefinePeriod(Autocorrelation correlation, double lag)
    {
        double weighted = 0;
        double norm = 0;
        for (int k = 1; k <= Harmonics; k++)
        {
            double target = k * lag;
            if (target + 2 >= correlation.MaxLag)
            {
                break;
            }

            double peak = correlation.PeakNear(target, radius: 1 + k);
            if (correlation.At(peak) <= 0 || Math.Abs((peak / k) - lag) > 0.05 * lag)
            {
                continue;
            }

            weighted += k * peak;
            norm += k * k;
        }

        return norm > 0 ? weighted / norm : lag;
    }

    private static double LagOf(double bpm, double frameRate) => 60 * frameRate / bpm;
}
