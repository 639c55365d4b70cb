using System.Text.Json;
using Edm.Tracks.Analysis;

namespace Edm.Tracks.Output;

/// <summary>The JSON <c>edm analyze --json</c> prints: an array with one object per track.</summary>
public static class AnalysisJson
{
    /// <summary>The analyses as indented JSON, figures rounded to what they are worth.</summary>
    public static string Format(IReadOnlyList<TrackAnalysis> analyses)
    {
        ArgumentNullException.ThrowIfNull(analyses);
        TrackJson[] tracks =
        [
            .. analyses.Select(a => new TrackJson(
                a.File,
                Math.Round(a.DurationSeconds, 3),
                a.SampleRate,
                a.Channels,
                a.Tempo is { } t ? Math.Round(t.Bpm, 2) : null,
                a.Tempo is { } t2 ? Math.Round(t2.Confidence, 3) : null,
                [.. a.Beats.Select(b => Math.Round(b, 3))],
                Math.Round(a.Loudness.RmsDbfs, 2),
                Math.Round(a.Loudness.PeakDbfs, 2),
                Math.Round(a.SpectralCentroidHz, 1))),
        ];
        return JsonSerializer.Serialize(tracks, AnalysisJsonContext.Default.TrackJsonArray);
    }
}
