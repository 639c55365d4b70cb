using System.Globalization;
using Edm.Tracks.Analysis;

namespace Edm.Tracks.Output;

/// <summary>The table <c>edm analyze</c> prints: one row per track.</summary>
public static class AnalysisTable
{
    /// <summary>Rows of the analyses, figures rounded for reading.</summary>
    public static TextTable Build(IReadOnlyList<TrackAnalysis> analyses)
    {
        ArgumentNullException.ThrowIfNull(analyses);
        CultureInfo c = CultureInfo.InvariantCulture;
        return new TextTable(
            ["File", "Length", "BPM", "Confidence", "Beats", "First beat", "RMS dBFS", "Peak dBFS", "Centroid Hz"],
            [false, true, true, true, true, true, true, true, true],
            [
                .. analyses.Select(a => new[]
                {
                    a.File,
                    a.DurationSeconds.ToString("0.0 s", c),
                    a.Tempo is { } t ? t.Bpm.ToString("0.0", c) : "-",
                    a.Tempo is { } t2 ? t2.Confidence.ToString("0.00", c) : "-",
                    a.Beats.Count.ToString(c),
                    a.Beats.Count > 0 ? a.Beats[0].ToString("0.00 s", c) : "-",
                    a.Loudness.RmsDbfs.ToString("0.0", c),
                    a.Loudness.PeakDbfs.ToString("0.0", c),
                    a.SpectralCentroidHz.ToString("0", c),
                }),
            ]);
    }
}
