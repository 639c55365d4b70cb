using NAudio.Wave;

namespace Edm.Tracks.Audio;

/// <summary>Writes mono audio as a 16-bit PCM WAV file, the most widely readable form.</summary>
public static class WavWriter
{
    /// <summary>
    /// Writes <paramref name="samples"/> (−1…1, clipped beyond) to <paramref name="stream"/>,
    /// which stays open (NAudio's stream writer does not own it).
    /// </summary>
    public static void Write(Stream stream, ReadOnlySpan<float> samples, int sampleRate)
    {
        var pcm = new short[samples.Length];
        for (int i = 0; i < samples.Length; i++)
        {
            float clipped = Math.Clamp(samples[i], -1f, 1f);
            pcm[i] = (short)MathF.Round(clipped * short.MaxValue);
        }

        using var writer = new WaveFileWriter(stream, new WaveFormat(sampleRate, 16, 1), options: null);
        writer.WriteSamples(pcm, 0, pcm.Length);
    }
}
