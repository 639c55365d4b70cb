namespace Edm.Tracks.Audio;

/// <summary>Decoded audio: one array of samples per channel, each in −1…1.</summary>
/// <param name="Channels">Samples per channel; every array has the same length.</param>
/// <param name="SampleRate">Samples per second.</param>
public sealed record AudioClip(float[][] Channels, int SampleRate)
{
    /// <summary>Samples per channel.</summary>
    public int FrameCount => Channels.Length == 0 ? 0 : Channels[0].Length;

    /// <summary>Length in seconds.</summary>
    public double DurationSeconds => (double)FrameCount / SampleRate;

    /// <summary>A clip of a single channel.</summary>
    public static AudioClip Mono(float[] samples, int sampleRate) => new([samples], sampleRate);
}
