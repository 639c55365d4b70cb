namespace Edm.Tracks.Evaluation;

/// <summary>A labelled file that could not be analysed; left out of the accuracy figures.</summary>
/// <param name="File">File name as in the labels.</param>
/// <param name="Reason">One line saying what is wrong (it names the file).</param>
public sealed record SkippedFile(string File, string Reason);
