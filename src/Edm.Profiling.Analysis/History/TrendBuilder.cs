namespace Edm.Profiling.Analysis;

/// <summary>
/// A method's trend from its runs in the history, oldest first: runs of one commit in a row make one
/// point, their median (a step must last commits, not repeated runs), and <see cref="TrendDetector"/>
/// finds the lasting steps among the points.
/// </summary>
internal static class TrendBuilder
{
    internal static MethodTrend Build(string name, Metric metric, IReadOnlyList<(string Commit, DateTimeOffset At, double Value)> runs, double minimumStep)
    {
        var points = new List<TrendPoint>();
        int i = 0;
        while (i < runs.Count)
        {
            int j = i;
            while (j + 1 < runs.Count && runs[j + 1].Commit == runs[i].Commit)
            {
                j++;
            }

            double[] values = [.. runs.Skip(i).Take(j - i + 1).Select(r => r.Value)];
            points.Add(new TrendPoint { Commit = runs[i].Commit, RecordedAt = runs[i].At, Value = Median.Of(values) });
            i = j + 1;
        }

        return new MethodTrend
        {
            Name = name,
            Metric = metric,
            Points = points,
            ChangePoints = TrendDetector.FindSteps([.. points.Select(p => p.Value)], minimumStep),
        };
    }
}
