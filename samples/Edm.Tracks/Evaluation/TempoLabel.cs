namespace Edm.Tracks.Evaluation;

/// <summary>The reference tempo of one file of a labelled set.</summary>
/// <param name="File">File name, relative to the folder of the labels.</param>
/// <param name="Bpm">The annotated tempo.</param>
/// <param name="Line">Line of the labels file it came from (for messages).</param>
public sealed record TempoLabel(string File, double Bpm, int Line);
