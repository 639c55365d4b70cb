using Edm.Profiling;

namespace Edm.Tracks.Analysis;

/// <summary>
/// Beat positions by dynamic programming (Ellis, 2007): the chain of frames that collects the most
/// onset strength while keeping gaps close to the beat period. Each frame's best score is its
/// onset strength plus the best score of a predecessor one period back, less a penalty that grows
/// with the squared log ratio of the gap to the period; the best chain is then traced back.
/// </summary>
public static class BeatTracker
{
    /// <summary>How strictly gaps must match the period; larger keeps the beat steadier.</summary>
    private const double Tightness = 100;

    /// <summary>Beats at the ends weaker than this share of the beats' RMS onset are trimmed (silent intros).</summary>
    private const double TrimShare = 0.5;

    /// <summary>Beat times in seconds, in order; empty when the envelope is flat.</summary>
    [Profile(Category = "analysis")]
    public static double[] Track(OnsetEnvelope envelope, TempoEstimate tempo)
    {
        double period = envelope.FrameRate * tempo.BeatPeriodSeconds;
        float[] local = Normalise(Smoothing.Gaussian(envelope.Values, Math.Max(0.5, period / 32)));
        if (local.Length == 0 || period < 2)
        {
            return [];
        }

        int n = local.Length;
        var score = new double[n];
        var previous = new int[n];
        int shortest = Math.Max(1, (int)Math.Round(period / 2));
        int longest = (int)Math.Round(2 * period);
        var penalty = new double[longest + 1];
        for (int gap = shortest; gap <= longest; gap++)
        {
            double ratio = Math.Log(gap / period);
            penalty[gap] = Tightness * ratio * ratio;
        }

        for (int t = 0; t < n; t++)
        {
            double best = double.NegativeInfinity;
            int from = -1;
            for (int gap = shortest; gap <= longest && gap <= t; gap++)
            {
                double candidate = score[t - gap] - penalty[gap];
                if (candidate > best)
                {
                    best = candidate;
                    from = t - gap;
                }
            }

            // A chain may start anywhere: a predecessor that costs more than it brings is dropped.
            bool extend = from >= 0 && best > 0;
            score[t] = local[t] + (extend ? best : 0);
            previous[t] = extend ? from : -1;
        }

        var beats = new List<int>();
        for (int t = LastBeat(score); t >= 0; t = previous[t])
        {
            beats.Add(t);
        }

        beats.Reverse();
        Trim(beats, local);
        return [.. beats.Select(frame => envelope.Layout.TimeOf(frame))];
    }

    /// <summary>The last local maximum of the cumulative score that reaches half the median of the maxima.</summary>
    private static int LastBeat(double[] score)
    {
        var maxima = new List<int>();
        for (int t = 0; t < score.Length; t++)
        {
            bool left = t == 0 || score[t] > score[t - 1];
            bool right = t == score.Length - 1 || score[t] >= score[t + 1];
            if (left && right)
            {
                maxima.Add(t);
            }
        }

        if (maxima.Count == 0)
        {
            return score.Length - 1;
        }

        double[] values = [.. maxima.Select(t => score[t]).Order()];
        double median = values[values.Length / 2];
        return maxima.Last(t => score[t] * 2 >= median);
    }

    private static void Trim(List<int> beats, float[] local)
    {
        if (beats.Count == 0)
        {
            return;
        }

        double rms = Math.Sqrt(beats.Average(b => (double)local[b] * local[b]));
        double threshold = TrimShare * rms;
        while (beats.Count > 0 && local[beats[0]] < threshold)
        {
            beats.RemoveAt(0);
        }

        while (beats.Count > 0 && local[beats[^1]] < threshold)
        {
            beats.RemoveAt(beats.Count - 1);
        }
    }

    private static float[] Normalise(float[] values)
    {
        double sumSquares = 0;
        foreach (float v in values)
        {
            sumSquares += v * v;
        }

        double rms = Math.Sqrt(sumSquares / Math.Max(1, values.Length));
        if (rms <= 1e-12)
        {
            return [];
        }

        for (int i = 0; i < values.Length; i++)
        {
            values[i] = (float)(values[i] / rms);
        }

        return values;
    }
}
