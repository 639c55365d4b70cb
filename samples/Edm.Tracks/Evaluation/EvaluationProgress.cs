namespace Edm.Tracks.Evaluation;

/// <summary>Where an evaluation is: told after each file.</summary>
/// <param name="Done">Files finished so far (scored or skipped).</param>
/// <param name="Total">Files labelled.</param>
/// <param name="File">The file just finished.</param>
/// <param name="Skipped">Set when that file could not be analysed.</param>
public readonly record struct EvaluationProgress(int Done, int Total, string File, SkippedFile? Skipped);
