namespace Edm.Tracks.Evaluation;

/// <summary>
/// The MIREX tempo accuracy measures. Accuracy1: the estimate is within the tolerance of the
/// reference. Accuracy2: it is within the tolerance of the reference times 1, 2, 3, ½ or ⅓, so the
/// usual octave errors (tapping every other beat, or twice per beat) count as right.
/// </summary>
public static class TempoAccuracy
{
    /// <summary>The usual MIREX tolerance: 4 %.</summary>
    public const double DefaultTolerance = 0.04;

    /// <summary>The metrical factors Accuracy2 accepts, tried in this order.</summary>
    public static IReadOnlyList<double> Factors { get; } = [1, 2, 3, 1 / 2.0, 1 / 3.0];

    /// <summary>Whether <paramref name="estimated"/> is within <paramref name="tolerance"/> (a share, 0.04 = 4 %) of <paramref name="reference"/>.</summary>
    public static bool IsAccuracy1(double estimated, double reference, double tolerance) =>
        Math.Abs(estimated - reference) <= tolerance * reference;

    /// <summary>
    /// The first of <see cref="Factors"/> for which the estimate is within the tolerance of
    /// reference × factor (the tolerance scales with it), or null when none is.
    /// </summary>
    public static double? MatchingFactor(double estimated, double reference, double tolerance)
    {
        foreach (double factor in Factors)
        {
            if (IsAccuracy1(estimated, reference * factor, tolerance))
            {
                return factor;
            }
        }

        return null;
    }

    /// <summary>Whether the estimate is right up to a factor of 2 or 3 (Accuracy2).</summary>
    public static bool IsAccuracy2(double estimated, double reference, double tolerance) =>
        MatchingFactor(estimated, reference, tolerance) is not null;
}
