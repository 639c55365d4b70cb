using Edm.Tracks.Analysis;
using Edm.Tracks.Audio;

namespace Edm.Tracks.Tests;

public sealed class LevelAndSpectrumTests
{
    private const int Rate = 22_050;

    [Fact]
    public void Full_scale_sine_reads_minus_three_dB_rms_and_zero_peak()
    {
        float[] sine = Sine(1000, amplitude: 1.0, seconds: 2);

        Loudness loudness = LoudnessMeter.Measure(AudioClip.Mono(sine, Rate));

        Assert.Equal(-3.01, loudness.RmsDbfs, precision: 2);
        Assert.Equal(0, loudness.PeakDbfs, precision: 2);
    }

    [Fact]
    public void Halving_the_amplitude_lowers_both_levels_by_six_dB()
    {
        Loudness full = LoudnessMeter.Measure(AudioClip.Mono(Sine(440, 0.8, 1), Rate));
        Loudness half = LoudnessMeter.Measure(AudioClip.Mono(Sine(440, 0.4, 1), Rate));

        Assert.Equal(-6.02, half.RmsDbfs - full.RmsDbfs, precision: 2);
        Assert.Equal(-6.02, half.PeakDbfs - full.PeakDbfs, precision: 2);
    }

    [Fact]
    public void Peak_is_taken_over_every_channel()
    {
        var left = new float[100];
        var right = new float[100];
        right[50] = -0.5f;

        Loudness loudness = LoudnessMeter.Measure(new AudioClip([left, right], Rate));

        Assert.Equal(20 * Math.Log10(0.5), loudness.PeakDbfs, precision: 6);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(3000)]
    public void Centroid_of_a_pure_tone_is_its_frequency(double frequency)
    {
        FrameLayout layout = FrameLayout.For(Rate);
        Spectrogram spectrogram = ShortTimeFourierTransform.Compute(Sine(frequency, 0.5, 2), layout);

        double centroid = SpectralCentroid.Measure(spectrogram);

        // The Hann window's leakage is symmetric, so the centroid sits within a bin of the tone.
        Assert.InRange(centroid, frequency - layout.BinWidth, frequency + layout.BinWidth);
    }

    [Fact]
    public void Stft_puts_a_tone_in_its_bin()
    {
        FrameLayout layout = FrameLayout.For(Rate);
        double frequency = 40 * layout.BinWidth; // exactly on bin 40

        Spectrogram spectrogram = ShortTimeFourierTransform.Compute(Sine(frequency, 0.5, 1), layout);

        ReadOnlySpan<float> frame = spectrogram.Frame(spectrogram.FrameCount / 2);
        int loudest = 0;
        for (int b = 1; b < frame.Length; b++)
        {
            if (frame[b] > frame[loudest])
            {
                loudest = b;
            }
        }

        Assert.Equal(40, loudest);
        Assert.Equal(layout.FrameCount(Rate), spectrogram.FrameCount);
    }

    [Theory]
    [InlineData(22_050, 1024, 256)]
    [InlineData(44_100, 2048, 512)]
    [InlineData(48_000, 2048, 512)]
    [InlineData(11_025, 512, 128)]
    public void Frame_layout_keeps_about_86_frames_per_second(int sampleRate, int frameSize, int hop)
    {
        FrameLayout layout = FrameLayout.For(sampleRate);

        Assert.Equal(frameSize, layout.FrameSize);
        Assert.Equal(hop, layout.Hop);
    }

    private static float[] Sine(double frequency, double amplitude, double seconds)
    {
        var samples = new float[(int)(Rate * seconds)];
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] = (float)(amplitude * Math.Sin(2 * Math.PI * frequency * i / Rate));
        }

        return samples;
    }
}
