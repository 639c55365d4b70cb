using Edm.Tracks.Analysis;
using Edm.Tracks.Audio;
using Edm.Tracks.Evaluation;
using Edm.Tracks.Generation;
using Edm.Tracks.Tests.Support;

namespace Edm.Tracks.Tests;

public sealed class TempoEstimationTests
{
    [Theory]
    [InlineData(90)] // hip-hop: the eighth-note hats must not pull it to 180
    [InlineData(120)]
    [InlineData(128)] // house
    [InlineData(140)] // techno: four-on-the-floor must not drop to 70
    [InlineData(174)] // drum and bass: must not drop to 87
    public void Generated_track_tempo_is_within_four_percent(double bpm)
    {
        SynthesizedTrack track = TestTracks.Render(bpm);

        TrackAnalysis analysis = TrackAnalyzer.Analyze(AudioClip.Mono(track.Samples, track.Spec.SampleRate), "generated");

        Assert.NotNull(analysis.Tempo);
        double estimate = analysis.Tempo.Value.Bpm;
        Assert.True(
            TempoAccuracy.IsAccuracy1(estimate, bpm, TempoAccuracy.DefaultTolerance),
            $"{bpm} BPM ({track.Spec.Style}) was estimated at {estimate:0.00} BPM");
    }

    [Fact]
    public void Tempo_does_not_depend_on_sample_rate_or_channel_count()
    {
        // 44.1 kHz stereo takes the other frame layout (2048/512) and the mix-down.
        SynthesizedTrack track = TrackSynthesizer.Render(TestTracks.Spec(128, sampleRate: 44_100));
        float[] quieter = [.. track.Samples.Select(s => s * 0.5f)];
        var clip = new AudioClip([track.Samples, quieter], 44_100);

        TrackAnalysis analysis = TrackAnalyzer.Analyze(clip, "stereo");

        Assert.Equal(2, analysis.Channels);
        Assert.InRange(analysis.Tempo!.Value.Bpm, 128 * 0.96, 128 * 1.04);
    }

    [Fact]
    public void Silence_has_no_tempo_and_no_beats()
    {
        var clip = AudioClip.Mono(new float[22_050 * 5], 22_050);

        TrackAnalysis analysis = TrackAnalyzer.Analyze(clip, "silence");

        Assert.Null(analysis.Tempo);
        Assert.Empty(analysis.Beats);
        Assert.Equal(LoudnessMeter.FloorDbfs, analysis.Loudness.RmsDbfs);
        Assert.Equal(LoudnessMeter.FloorDbfs, analysis.Loudness.PeakDbfs);
    }

    [Fact]
    public void Steady_click_track_reads_its_own_tempo()
    {
        // No drum synthesis involved: 1 ms clicks every 0.5 s are 120 BPM by construction.
        const int Rate = 22_050;
        var samples = new float[Rate * 8];
        for (int beat = 0; beat * Rate / 2 < samples.Length; beat++)
        {
            for (int i = 0; i < 22 && (beat * Rate / 2) + i < samples.Length; i++)
            {
                samples[(beat * Rate / 2) + i] = 0.8f;
            }
        }

        TempoEstimate? tempo = TempoEstimator.Estimate(OnsetDetector.Compute(ShortTimeFourierTransform.Compute(samples, FrameLayout.For(Rate))));

        Assert.NotNull(tempo);
        Assert.InRange(tempo.Value.Bpm, 119, 121);
        Assert.InRange(tempo.Value.Confidence, 0.5, 1.0);
    }
}
