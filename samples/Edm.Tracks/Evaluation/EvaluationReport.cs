namespace Edm.Tracks.Evaluation;

/// <summary>The result of evaluating a labelled set.</summary>
/// <param name="Tolerance">Relative tolerance used (0.04 = 4 %).</param>
/// <param name="Files">Scored files, in label order.</param>
/// <param name="Skipped">Files that could not be analysed; not counted in the accuracies.</param>
public sealed record EvaluationReport(double Tolerance, IReadOnlyList<FileEvaluation> Files, IReadOnlyList<SkippedFile> Skipped)
{
    /// <summary>Files scored as right by Accuracy1.</summary>
    public int Accuracy1Count => Files.Count(f => f.Accuracy1);

    /// <summary>Files scored as right by Accuracy2.</summary>
    public int Accuracy2Count => Files.Count(f => f.Accuracy2);

    /// <summary>Share of scored files right by Accuracy1 (0 when none was scored).</summary>
    public double Accuracy1 => Files.Count == 0 ? 0 : (double)Accuracy1Count / Files.Count;

    /// <summary>Share of scored files right by Accuracy2 (0 when none was scored).</summary>
    public double Accuracy2 => Files.Count == 0 ? 0 : (double)Accuracy2Count / Files.Count;
}
