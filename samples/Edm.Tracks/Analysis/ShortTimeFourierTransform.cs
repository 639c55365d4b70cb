using Edm.Profiling;
using MathNet.Numerics.IntegralTransforms;

namespace Edm.Tracks.Analysis;

/// <summary>The short-time Fourier transform: Hann-windowed frames through MathNet's real FFT.</summary>
public static class ShortTimeFourierTransform
{
    static ShortTimeFourierTransform()
    {
        // MathNet splits every FFT of 1024 points or more across threads. Ours are many and small,
        // so the hand-offs cost more than they save (twice the CPU time, measured on 2 cores).
        MathNet.Numerics.Control.UseSingleThread();
    }

    /// <summary>Magnitude spectrogram of a mono signal.</summary>
    [Profile(Layer.Detailed, Category = "dsp")]
    public static Spectrogram Compute(float[] samples, FrameLayout layout)
    {
        int frameCount = layout.FrameCount(samples.Length);
        int bins = layout.BinCount;
        float[] window = HannWindow(layout.FrameSize);
        var magnitudes = new float[frameCount * bins];

        // ForwardReal works in place on N + 2 floats and returns interleaved re/im pairs.
        var buffer = new float[layout.FrameSize + 2];
        for (int frame = 0; frame < frameCount; frame++)
        {
            int start = frame * layout.Hop;
            int available = Math.Clamp(samples.Length - start, 0, layout.FrameSize);
            for (int i = 0; i < available; i++)
            {
                buffer[i] = samples[start + i] * window[i];
            }

            Array.Clear(buffer, available, buffer.Length - available);
            TransformFrame(buffer, layout.FrameSize);

            Span<float> row = magnitudes.AsSpan(frame * bins, bins);
            for (int b = 0; b < bins; b++)
            {
                float re = buffer[2 * b];
                float im = buffer[(2 * b) + 1];
                row[b] = MathF.Sqrt((re * re) + (im * im));
            }
        }

        return new Spectrogram(layout, frameCount, magnitudes);
    }

    /// <summary>One FFT, in place; called once per frame, so the profile shows the per-frame cost.</summary>
    [Profile(Layer.Detailed, Category = "dsp")]
    public static void TransformFrame(float[] buffer, int frameSize) =>
        Fourier.ForwardReal(buffer, frameSize, FourierOptions.NoScaling);

    private static float[] HannWindow(int size)
    {
        var window = new float[size];
        for (int i = 0; i < size; i++)
        {
            window[i] = (float)(0.5 - (0.5 * Math.Cos(2 * Math.PI * i / size)));
        }

        return window;
    }
}
