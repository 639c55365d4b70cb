namespace Edm.Tracks.Generation;

/// <summary>Everything that decides how a synthetic track sounds; the same spec renders the same samples.</summary>
/// <param name="Bpm">Tempo of the drums.</param>
/// <param name="Style">Which drum pattern plays.</param>
/// <param name="Seed">Seed of the noise, the humanising and the pad's chords.</param>
/// <param name="DurationSeconds">Length of the track.</param>
/// <param name="SampleRate">Samples per second.</param>
/// <param name="IntroSeconds">Length of the tempo-less intro (pad and rising noise, no drums).</param>
/// <param name="Swing">Delay of the off-beat steps as a share of a step: 0 straight, 1/3 a triplet feel.</param>
/// <param name="NoiseDbfs">Level of the background noise, in dB relative to full scale.</param>
public sealed record TrackSpec(
    double Bpm,
    GrooveStyle Style,
    int Seed,
    double DurationSeconds,
    int SampleRate,
    double IntroSeconds,
    double Swing,
    double NoiseDbfs)
{
    /// <summary>Lowest tempo the generator draws.</summary>
    public const double MinimumBpm = 80;

    /// <summary>Highest tempo the generator draws.</summary>
    public const double MaximumBpm = 180;

    /// <summary>
    /// A spec drawn from <paramref name="random"/>: a tempo between 80 and 180 BPM (one decimal),
    /// the style that tempo calls for, a 0–4 s intro (none one time in four), some swing where the
    /// style has it, and noise between −50 and −32 dBFS.
    /// </summary>
    public static TrackSpec Draw(Random random, double durationSeconds, int sampleRate)
    {
        ArgumentNullException.ThrowIfNull(random);
        double bpm = Math.Round(MinimumBpm + (random.NextDouble() * (MaximumBpm - MinimumBpm)), 1);
        return ForTempo(bpm, random.Next(), durationSeconds, sampleRate, random);
    }

    /// <summary>A spec at a chosen tempo, its other features drawn from <paramref name="random"/>.</summary>
    public static TrackSpec ForTempo(double bpm, int seed, double durationSeconds, int sampleRate, Random random)
    {
        ArgumentNullException.ThrowIfNull(random);
        GrooveStyle style = GrooveStyles.ForTempo(bpm);
        double maxSwing = style is GrooveStyle.HipHop or GrooveStyle.House or GrooveStyle.Breakbeat ? 0.3 : 0.1;
        double intro = random.NextDouble() < 0.25 ? 0 : Math.Round(random.NextDouble() * 4, 2);
        double swing = Math.Round(random.NextDouble() * maxSwing, 3);
        double noise = Math.Round(-50 + (random.NextDouble() * 18), 1);
        return new TrackSpec(bpm, style, seed, durationSeconds, sampleRate, Math.Min(intro, durationSeconds / 3), swing, noise);
    }
}
