namespace Edm.Profiling.Analysis;

/// <summary>
/// Compares two builds from interleaved runs (A B, B A, … on one machine): side A's runs merged into
/// one baseline, side B's into another, run <c>i</c> of A paired with run <c>i</c> of B. Calls per run
/// and allocated bytes per call are the hard gates of <see cref="RegressionDetector"/>; wall time is
/// judged from the pairs (<c>PairedTimeComparer</c>: the median of per-pair ratios of run medians,
/// with its confidence interval), so slow drift of the machine cancels and a method called once per
/// run still gets a verdict from N runs.
/// </summary>
public static class PairedRegressionDetector
{
    /// <summary>Compares side B (the change) with side A (the reference), pairing their runs by position.</summary>
    /// <exception cref="AnalysisException">The sides have different numbers of runs, or an option is out of range.</exception>
    public static ComparisonReport Compare(Baseline a, Baseline b, ComparisonOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        options ??= new ComparisonOptions();
        if (a.Runs.Count != b.Runs.Count)
        {
            throw new AnalysisException(b.Name, $"has {b.Runs.Count} runs and {a.Name} has {a.Runs.Count}: an A/B comparison pairs runs one to one");
        }

        return RegressionDetector.Compare(a, b, options, (before, ea, after, eb, floorNs) => PairedTimeComparer.Compare(Pairs(before, ea, after, eb), floorNs, options), pairs: a.Runs.Count);
    }

    /// <summary>Run medians of pairs in which both runs called the method.</summary>
    private static List<(long A, long B)> Pairs(MethodIndex a, MethodIndex.Entry ea, MethodIndex b, MethodIndex.Entry eb)
    {
        var pairs = new List<(long A, long B)>(a.Runs.Count);
        for (int i = 0; i < a.Runs.Count; i++)
        {
            BaselineRun ra = a.Runs[i], rb = b.Runs[i];
            if (ra.MedianNs.Count > ea.Index && rb.MedianNs.Count > eb.Index && ra.Calls[ea.Index] > 0 && rb.Calls[eb.Index] > 0)
            {
                pairs.Add((ra.MedianNs[ea.Index], rb.MedianNs[eb.Index]));
            }
        }

        return pairs;
    }
}
