using System.Globalization;
using Edm.Tracks.Audio;
using Edm.Tracks.Evaluation;

namespace Edm.Tracks.Generation;

/// <summary>
/// Writes a labelled set of synthetic tracks: <c>track-001.wav</c>… and <c>labels.csv</c>.
/// The set is built in a hidden sibling folder and renamed into place at the end, so a reader
/// never sees half a set and a failed run leaves nothing behind.
/// </summary>
public static class DatasetGenerator
{
    /// <summary>Default sample rate: enough for hi-hats, small files.</summary>
    public const int DefaultSampleRate = 22_050;

    /// <summary>Default length of a track.</summary>
    public const double DefaultDurationSeconds = 15;

    /// <summary>Generates <paramref name="count"/> tracks into <paramref name="folder"/>, which must not exist or be empty.</summary>
    /// <returns>The specs of the tracks written, in file order.</returns>
    /// <exception cref="InputException">The folder is in the way or the figures are out of range.</exception>
    public static IReadOnlyList<TrackSpec> Generate(
        string folder,
        int count,
        int seed,
        double durationSeconds = DefaultDurationSeconds,
        int sampleRate = DefaultSampleRate)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (count < 1)
        {
            throw new InputException($"--count must be at least 1 (got {count})");
        }

        if (!(durationSeconds >= 2 && durationSeconds <= 600))
        {
            throw new InputException($"--duration must be between 2 and 600 seconds (got {durationSeconds})");
        }

        if (sampleRate is < 8_000 or > 192_000)
        {
            throw new InputException($"--sample-rate must be between 8000 and 192000 Hz (got {sampleRate})");
        }

        string target = Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder));
        if (File.Exists(target))
        {
            throw new InputException($"{folder}: is a file; generate into a new or empty folder");
        }

        if (Directory.Exists(target) && Directory.EnumerateFileSystemEntries(target).Any())
        {
            throw new InputException($"{folder}: not empty; generate into a new or empty folder (nothing was written)");
        }

        string parent = Path.GetDirectoryName(target) ?? throw new InputException($"{folder}: cannot generate into a root folder");
        string staging = Path.Combine(parent, $".{Path.GetFileName(target)}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(staging);
            IReadOnlyList<TrackSpec> specs = WriteSet(staging, count, seed, durationSeconds, sampleRate);
            if (Directory.Exists(target))
            {
                Directory.Delete(target); // empty, checked above
            }

            Directory.Move(staging, target);
            return specs;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            TryDelete(staging);
            throw new InputException($"{folder}: cannot write ({e.Message.Trim().TrimEnd('.')}); nothing was written", e);
        }
        catch
        {
            TryDelete(staging);
            throw;
        }
    }

    /// <summary>The file name of the track at <paramref name="index"/> (0-based).</summary>
    public static string FileNameOf(int index) => $"track-{index + 1:D3}.wav";

    private static List<TrackSpec> WriteSet(string staging, int count, int seed, double durationSeconds, int sampleRate)
    {
        var random = new Random(seed);
        var specs = new List<TrackSpec>(count);
        for (int i = 0; i < count; i++)
        {
            TrackSpec spec = TrackSpec.Draw(random, durationSeconds, sampleRate);
            SynthesizedTrack track = TrackSynthesizer.Render(spec);
            using (var file = new FileStream(Path.Combine(staging, FileNameOf(i)), FileMode.CreateNew, FileAccess.Write))
            {
                WavWriter.Write(file, track.Samples, sampleRate);
            }

            specs.Add(spec);
        }

        File.WriteAllText(Path.Combine(staging, LabelFile.FileName), FormatLabels(specs));
        return specs;
    }

    private static string FormatLabels(List<TrackSpec> specs) =>
        LabelFile.Format(
            ["style", "swing", "intro_seconds", "noise_dbfs"],
            specs.Select((spec, i) => (
                FileNameOf(i),
                spec.Bpm,
                (IReadOnlyList<string>)
                [
                    spec.Style.ToString(),
                    spec.Swing.ToString(CultureInfo.InvariantCulture),
                    spec.IntroSeconds.ToString(CultureInfo.InvariantCulture),
                    spec.NoiseDbfs.ToString(CultureInfo.InvariantCulture),
                ])));

    private static void TryDelete(string staging)
    {
        try
        {
            Directory.Delete(staging, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a hidden .tmp folder is left, the target is untouched.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
