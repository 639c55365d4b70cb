using Edm.Tracks.Analysis;
using Edm.Tracks.Audio;
using Edm.Tracks.Generation;
using Edm.Tracks.Tests.Support;

namespace Edm.Tracks.Tests;

public sealed class BeatTrackingTests
{
    /// <summary>The usual beat-tracking evaluation window (MIREX): ±70 ms.</summary>
    private const double Window = 0.07;

    [Theory]
    [InlineData(120)]
    [InlineData(174)]
    public void Beats_land_on_the_generated_beat_grid(double bpm)
    {
        SynthesizedTrack track = TestTracks.Render(bpm, seed: 3);

        TrackAnalysis analysis = TrackAnalyzer.Analyze(AudioClip.Mono(track.Samples, track.Spec.SampleRate), "grid");

        double fMeasure = FMeasure(analysis.Beats, track.BeatTimes);
        Assert.True(fMeasure >= 0.9, $"F-measure {fMeasure:0.00}: tracked {analysis.Beats.Count} beats, {track.BeatTimes.Count} true");
    }

    [Fact]
    public void No_beats_are_placed_in_the_tempo_less_intro()
    {
        SynthesizedTrack track = TestTracks.Render(128, seed: 5);

        TrackAnalysis analysis = TrackAnalyzer.Analyze(AudioClip.Mono(track.Samples, track.Spec.SampleRate), "intro");

        Assert.NotEmpty(analysis.Beats);
        Assert.True(analysis.Beats[0] >= track.Spec.IntroSeconds - Window, $"first beat at {analysis.Beats[0]:0.000} s, drums start at {track.Spec.IntroSeconds} s");
    }

    [Fact]
    public void Beats_are_in_order_one_period_apart()
    {
        SynthesizedTrack track = TestTracks.Render(140, seed: 9);

        TrackAnalysis analysis = TrackAnalyzer.Analyze(AudioClip.Mono(track.Samples, track.Spec.SampleRate), "spacing");

        double period = 60 / 140.0;
        double[] gaps = [.. analysis.Beats.Zip(analysis.Beats.Skip(1), (a, b) => b - a)];
        Assert.NotEmpty(gaps);
        Assert.All(gaps, gap => Assert.InRange(gap, period * 0.8, period * 1.2));
    }

    /// <summary>F-measure of detected against true beats, each true beat matched at most once.</summary>
    private static double FMeasure(IReadOnlyList<double> detected, IReadOnlyList<double> truth)
    {
        var used = new bool[truth.Count];
        int hits = 0;
        foreach (double beat in detected)
        {
            for (int i = 0; i < truth.Count; i++)
            {
                if (!used[i] && Math.Abs(truth[i] - beat) <= Window)
                {
                    used[i] = true;
                    hits++;
                    break;
                }
            }
        }

        if (hits == 0)
        {
            return 0;
        }

        double precision = (double)hits / detected.Count;
        double recall = (double)hits / truth.Count;
        return 2 * precision * recall / (precision + recall);
    }
}
