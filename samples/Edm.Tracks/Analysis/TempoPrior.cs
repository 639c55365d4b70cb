namespace Edm.Tracks.Analysis;

/// <summary>
/// How plausible a tempo is before listening: flat over 80–180 BPM, where nearly all dance music
/// sits, falling off on a log scale outside it. Octave candidates inside the range (87 vs 174)
/// are left for the audio to decide.
/// </summary>
public static class TempoPrior
{
    /// <summary>Lowest tempo considered at all.</summary>
    public const double MinimumBpm = 40;

    /// <summary>Highest tempo considered at all.</summary>
    public const double MaximumBpm = 250;

    /// <summary>Lower end of the preferred range.</summary>
    public const double PreferredLowBpm = 80;

    /// <summary>Upper end of the preferred range.</summary>
    public const double PreferredHighBpm = 180;

    /// <summary>Width of the fall-off outside the preferred range, in octaves (one standard deviation).</summary>
    private const double FalloffOctaves = 0.3;

    /// <summary>Weight in 0…1 of a tempo.</summary>
    public static double Weight(double bpm)
    {
        if (bpm < MinimumBpm || bpm > MaximumBpm)
        {
            return 0;
        }

        double octavesOutside = bpm < PreferredLowBpm ? Math.Log2(PreferredLowBpm / bpm)
            : bpm > PreferredHighBpm ? Math.Log2(bpm / PreferredHighBpm)
            : 0;
        double z = octavesOutside / FalloffOctaves;
        return Math.Exp(-0.5 * z * z);
    }
}
