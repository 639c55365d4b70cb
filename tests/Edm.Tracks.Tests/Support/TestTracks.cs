using Edm.Tracks.Audio;
using Edm.Tracks.Generation;

namespace Edm.Tracks.Tests.Support;

/// <summary>Short synthetic tracks for tests: 10 s with a 2 s intro, swing and noise, so the tests stay fast.</summary>
public static class TestTracks
{
    public const int SampleRate = 22_050;

    public static TrackSpec Spec(double bpm, int seed = 7, double durationSeconds = 10, int sampleRate = SampleRate)
    {
        GrooveStyle style = GrooveStyles.ForTempo(bpm);
        double swing = style is GrooveStyle.HipHop or GrooveStyle.House or GrooveStyle.Breakbeat ? 0.15 : 0.05;
        return new TrackSpec(bpm, style, seed, durationSeconds, sampleRate, IntroSeconds: 2, Swing: swing, NoiseDbfs: -36);
    }

    public static SynthesizedTrack Render(double bpm, int seed = 7) => TrackSynthesizer.Render(Spec(bpm, seed));

    /// <summary>Writes a rendered track as a 16-bit mono WAV file.</summary>
    public static void WriteWav(string path, SynthesizedTrack track)
    {
        using var file = File.Create(path);
        WavWriter.Write(file, track.Samples, track.Spec.SampleRate);
    }
}
