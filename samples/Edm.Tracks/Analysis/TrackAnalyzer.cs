using Edm.Profiling;
using Edm.Tracks.Audio;

namespace Edm.Tracks.Analysis;

/// <summary>The analysis pipeline: read → mix to mono → STFT → onset envelope → tempo → beats, plus loudness and centroid.</summary>
public static class TrackAnalyzer
{
    /// <summary>Reads and analyses one WAV file.</summary>
    /// <exception cref="AudioFileException">The file cannot be read as WAV audio.</exception>
    [Profile(Category = "analysis")]
    public static TrackAnalysis AnalyzeFile(string path)
    {
        AudioClip clip = WavReader.Read(path);
        return Analyze(clip, path);
    }

    /// <summary>Analyses decoded audio; <paramref name="name"/> is carried into the result.</summary>
    [Profile(Category = "analysis")]
    public static TrackAnalysis Analyze(AudioClip clip, string name)
    {
        float[] mono;
        using (Profiler.Scope("Edm.Tracks.Analysis.MixToMono"))
        {
            // Tempo lives in the sum of the channels; averaging keeps the level comparable.
            mono = new float[clip.FrameCount];
            float share = 1f / clip.Channels.Length;
            foreach (float[] channel in clip.Channels)
            {
                for (int i = 0; i < mono.Length; i++)
                {
                    mono[i] += channel[i] * share;
                }
            }
        }

        FrameLayout layout = FrameLayout.For(clip.SampleRate);
        Spectrogram spectrogram = ShortTimeFourierTransform.Compute(mono, layout);
        OnsetEnvelope envelope = OnsetDetector.Compute(spectrogram);
        TempoEstimate? tempo = TempoEstimator.Estimate(envelope);
        double[] beats = tempo is { } found ? BeatTracker.Track(envelope, found) : [];
        Loudness loudness = LoudnessMeter.Measure(clip);
        double centroid = SpectralCentroid.Measure(spectrogram);
        return new TrackAnalysis(name, clip.DurationSeconds, clip.SampleRate, clip.Channels.Length, tempo, beats, loudness, centroid);
    }
}
