using Edm.Profiling;

namespace Edm.Tracks.Generation;

/// <summary>
/// Renders a <see cref="TrackSpec"/>: a sustained pad that changes chord every two bars, rising noise
/// through the intro, then the style's drum pattern with swing and a little human timing and
/// velocity, over background noise; normalised to a −1 dBFS peak.
/// </summary>
public static class TrackSynthesizer
{
    private const double TimingJitterSeconds = 0.003;
    private const double PeakDbfs = -1;

    /// <summary>Renders the track.</summary>
    [Profile(Category = "generate")]
    public static SynthesizedTrack Render(TrackSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var random = new Random(spec.Seed);
        int length = (int)(spec.DurationSeconds * spec.SampleRate);
        var samples = new float[length];

        AddPad(samples, spec, random);
        AddNoise(samples, spec, random);
        IReadOnlyList<double> beats = AddDrums(samples, spec, random);
        Normalise(samples);
        return new SynthesizedTrack(spec, samples, beats);
    }

    private static List<double> AddDrums(float[] samples, TrackSpec spec, Random random)
    {
        var synth = new DrumSynth(spec.SampleRate, random);
        DrumPattern pattern = DrumPattern.For(spec.Style);
        double beatSeconds = 60 / spec.Bpm;
        double stepSeconds = beatSeconds / 4;
        int stepsPerSwing = 4 / pattern.SwingStepsPerBeat;
        var beats = new List<double>();

        for (int step = 0; ; step++)
        {
            double time = spec.IntroSeconds + (step * stepSeconds);
            if (time >= spec.DurationSeconds)
            {
                break;
            }

            if (step % 4 == 0)
            {
                beats.Add(time);
            }

            // Swing delays the second half of each swing cell (the "and" of eighths or the "e"/"a" of sixteenths).
            bool offBeat = step % (2 * stepsPerSwing) == stepsPerSwing;
            double swung = offBeat ? time + (spec.Swing * stepsPerSwing * stepSeconds) : time;
            foreach (DrumVoice voice in Enum.GetValues<DrumVoice>())
            {
                // Voices in enum order, so the random draws (and the samples) are the same every run.
                if (!pattern.Steps.TryGetValue(voice, out string? steps))
                {
                    continue;
                }

                char hit = steps[step % DrumPattern.StepsPerBar];
                if (hit == '.')
                {
                    continue;
                }

                double velocity = (hit == 'X' ? 1.0 : 0.6) * (0.9 + (0.2 * random.NextDouble()));
                double jitter = (random.NextDouble() - 0.5) * 2 * TimingJitterSeconds;
                int at = (int)Math.Round((swung + jitter) * spec.SampleRate);
                synth.Add(samples, voice, Math.Max(0, at), velocity);
            }
        }

        return beats;
    }

    /// <summary>Three sines per chord (root, fifth, tenth), 2-bar chords, 50 ms cross-fades, quiet.</summary>
    private static void AddPad(float[] samples, TrackSpec spec, Random random)
    {
        double chordSeconds = 8 * 60 / spec.Bpm;
        int[] progression = [0, 5, 7, 3];
        double root = 110 * Math.Pow(2, random.Next(12) / 12.0);
        double fade = 0.05 * spec.SampleRate;
        const double Level = 0.06;
        for (int i = 0; i < samples.Length; i++)
        {
            double t = (double)i / spec.SampleRate;
            int chord = (int)(t / chordSeconds);
            double intoChord = (t - (chord * chordSeconds)) * spec.SampleRate;
            double frequency = root * Math.Pow(2, progression[chord % progression.Length] / 12.0);
            double swell = Math.Min(1, t / 1.5) * Math.Min(1, intoChord / fade);
            double value = Math.Sin(2 * Math.PI * frequency * t)
                + (0.6 * Math.Sin(2 * Math.PI * frequency * 1.5 * t))
                + (0.4 * Math.Sin(2 * Math.PI * frequency * 2.52 * t));
            samples[i] += (float)(Level * swell * value);
        }
    }

    /// <summary>White background noise, plus a riser that grows through the intro.</summary>
    private static void AddNoise(float[] samples, TrackSpec spec, Random random)
    {
        // Uniform noise in ±a has RMS a/√3.
        double amplitude = Math.Pow(10, spec.NoiseDbfs / 20) * Math.Sqrt(3);
        int introSamples = (int)(spec.IntroSeconds * spec.SampleRate);
        for (int i = 0; i < samples.Length; i++)
        {
            double riser = i < introSamples ? 0.08 * i / introSamples : 0;
            samples[i] += (float)((amplitude + riser) * ((2 * random.NextDouble()) - 1));
        }
    }

    private static void Normalise(float[] samples)
    {
        float peak = 0;
        foreach (float s in samples)
        {
            peak = Math.Max(peak, Math.Abs(s));
        }

        if (peak <= 0)
        {
            return;
        }

        float scale = (float)(Math.Pow(10, PeakDbfs / 20) / peak);
        for (int i = 0; i < samples.Length; i++)
        {
            samples[i] *= scale;
        }
    }
}
