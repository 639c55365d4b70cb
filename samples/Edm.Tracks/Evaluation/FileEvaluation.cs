namespace Edm.Tracks.Evaluation;

/// <summary>How one labelled file was scored.</summary>
/// <param name="File">File name as in the labels.</param>
/// <param name="LabelBpm">The reference tempo.</param>
/// <param name="EstimatedBpm">The estimate, or null when no tempo was found.</param>
/// <param name="Accuracy1">Within the tolerance of the reference.</param>
/// <param name="MatchingFactor">The factor (1, 2, 3, ½, ⅓) the estimate matched, or null; Accuracy2 when not null.</param>
public sealed record FileEvaluation(string File, double LabelBpm, double? EstimatedBpm, bool Accuracy1, double? MatchingFactor)
{
    /// <summary>Right up to an octave error.</summary>
    public bool Accuracy2 => MatchingFactor is not null;

    /// <summary>(estimate − label) / label, or null without an estimate.</summary>
    public double? RelativeError => EstimatedBpm is { } estimate ? (estimate - LabelBpm) / LabelBpm : null;
}
