namespace Edm.Tracks.Generation;

/// <summary>
/// Synthesises drum hits and adds them into a buffer. Noise comes from the caller's
/// <see cref="Random"/>, so a seeded track renders the same every time.
/// </summary>
public sealed class DrumSynth(int sampleRate, Random random)
{
    /// <summary>Adds one hit of <paramref name="voice"/> starting at sample <paramref name="start"/>.</summary>
    public void Add(float[] buffer, DrumVoice voice, int start, double gain)
    {
        switch (voice)
        {
            case DrumVoice.Kick:
                AddKick(buffer, start, gain);
                break;
            case DrumVoice.Snare:
                AddSnare(buffer, start, gain);
                break;
            case DrumVoice.Clap:
                AddClap(buffer, start, gain);
                break;
            case DrumVoice.ClosedHat:
                AddHat(buffer, start, gain * 0.35, decaySeconds: 0.025, lengthSeconds: 0.08);
                break;
            case DrumVoice.OpenHat:
                AddHat(buffer, start, gain * 0.3, decaySeconds: 0.15, lengthSeconds: 0.35);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(voice), voice, "unknown voice");
        }
    }

    private void AddKick(float[] buffer, int start, double gain)
    {
        int length = Samples(0.4);
        double phase = 0;
        for (int i = 0; i < length && start + i < buffer.Length; i++)
        {
            double t = (double)i / sampleRate;
            double frequency = 45 + (110 * Math.Exp(-t / 0.03));
            phase += 2 * Math.PI * frequency / sampleRate;
            double body = Math.Sin(phase) * Math.Exp(-t / 0.18);
            double click = t < 0.003 ? Noise() * 0.3 * (1 - (t / 0.003)) : 0;
            Mix(buffer, start + i, gain * 0.9 * (body + click));
        }
    }

    private void AddSnare(float[] buffer, int start, double gain)
    {
        int length = Samples(0.3);
        double previous = 0;
        for (int i = 0; i < length && start + i < buffer.Length; i++)
        {
            double t = (double)i / sampleRate;
            double body = Math.Sin(2 * Math.PI * 185 * t) * Math.Exp(-t / 0.05);
            double noise = Noise();
            double bright = noise - previous; // first difference: a gentle high-pass
            previous = noise;
            Mix(buffer, start + i, gain * ((0.45 * body) + (0.35 * bright * Math.Exp(-t / 0.1))));
        }
    }

    private void AddClap(float[] buffer, int start, double gain)
    {
        int length = Samples(0.3);
        double previous = 0;
        for (int i = 0; i < length && start + i < buffer.Length; i++)
        {
            double t = (double)i / sampleRate;
            double envelope = t < 0.03
                ? Math.Exp(-(t % 0.01) / 0.003) // three bursts 10 ms apart
                : 0.6 * Math.Exp(-(t - 0.03) / 0.08);
            double noise = Noise();
            double bright = noise - previous;
            previous = noise;
            Mix(buffer, start + i, gain * 0.45 * bright * envelope);
        }
    }

    private void AddHat(float[] buffer, int start, double gain, double decaySeconds, double lengthSeconds)
    {
        int length = Samples(lengthSeconds);
        double previous = 0;
        double previousDifference = 0;
        for (int i = 0; i < length && start + i < buffer.Length; i++)
        {
            double t = (double)i / sampleRate;
            double noise = Noise();
            double difference = noise - previous;
            double secondDifference = difference - previousDifference; // steeper high-pass: only the sizzle
            previous = noise;
            previousDifference = difference;
            Mix(buffer, start + i, gain * 0.5 * secondDifference * Math.Exp(-t / decaySeconds));
        }
    }

    private static void Mix(float[] buffer, int index, double value)
    {
        if (index >= 0)
        {
            buffer[index] += (float)value;
        }
    }

    private double Noise() => (2 * random.NextDouble()) - 1;

    private int Samples(double seconds) => (int)(seconds * sampleRate);
}
