using Edm.Profiling;
using Edm.Tracks.Analysis;

namespace Edm.Tracks.Evaluation;

/// <summary>Runs the analysis over a labelled folder and scores the tempo estimates.</summary>
public static class DatasetEvaluator
{
    /// <summary>
    /// Analyses every labelled file of <paramref name="folder"/> in label order. A file that cannot
    /// be read is reported through <paramref name="progress"/> and skipped; the others go on.
    /// </summary>
    /// <param name="folder">A folder holding <c>labels.csv</c> and the files it names.</param>
    /// <param name="tolerance">Relative tolerance, e.g. 0.04.</param>
    /// <param name="progress">Told after each file.</param>
    /// <exception cref="InputException">The folder is missing, empty, or has no usable labels.</exception>
    [Profile(Category = "evaluation")]
    public static EvaluationReport Evaluate(string folder, double tolerance, Action<EvaluationProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder))
        {
            throw new InputException(File.Exists(folder) ? $"{folder}: is a file, expected a folder of WAV files with {LabelFile.FileName}" : $"{folder}: no such folder");
        }

        if (IsEmpty(folder))
        {
            throw new InputException($"{folder}: the folder is empty (expected WAV files and {LabelFile.FileName})");
        }

        IReadOnlyList<TempoLabel> labels = LabelFile.Read(folder);
        var files = new List<FileEvaluation>(labels.Count);
        var skipped = new List<SkippedFile>();
        for (int i = 0; i < labels.Count; i++)
        {
            TempoLabel label = labels[i];
            TrackAnalysis analysis;
            try
            {
                analysis = TrackAnalyzer.AnalyzeFile(Path.Combine(folder, label.File));
            }
            catch (InputException e)
            {
                var skip = new SkippedFile(label.File, e.Message);
                skipped.Add(skip);
                progress?.Invoke(new EvaluationProgress(i + 1, labels.Count, label.File, skip));
                continue;
            }

            using (Profiler.Scope("Edm.Tracks.Evaluation.Score", Layer.Lightweight))
            {
                double? estimate = analysis.Tempo?.Bpm;
                files.Add(new FileEvaluation(
                    label.File,
                    label.Bpm,
                    estimate,
                    estimate is { } e1 && TempoAccuracy.IsAccuracy1(e1, label.Bpm, tolerance),
                    estimate is { } e2 ? TempoAccuracy.MatchingFactor(e2, label.Bpm, tolerance) : null));
            }

            progress?.Invoke(new EvaluationProgress(i + 1, labels.Count, label.File, null));
        }

        return new EvaluationReport(tolerance, files, skipped);
    }

    private static bool IsEmpty(string folder)
    {
        try
        {
            return !Directory.EnumerateFileSystemEntries(folder).Any();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InputException($"{folder}: cannot list the folder ({e.Message.Trim().TrimEnd('.')})", e);
        }
    }
}
