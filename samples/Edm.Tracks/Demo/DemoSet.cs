using Edm.Tracks.Evaluation;
using Edm.Tracks.Generation;

namespace Edm.Tracks.Demo;

/// <summary>
/// The demo set: a fixed, seeded set of synthetic tracks generated on first use into a cache
/// folder (WAV files are too big to keep in git). Delete the folder to regenerate it.
/// </summary>
public static class DemoSet
{
    /// <summary>Seed of the demo set.</summary>
    public const int Seed = 2024;

    /// <summary>Number of tracks.</summary>
    public const int Count = 24;

    /// <summary>Length of each track.</summary>
    public const double DurationSeconds = 15;

    /// <summary>
    /// Bumped whenever the generator's output changes, so a stale cached set is not reused (and
    /// baselines taken on the old set are not compared with the new).
    /// </summary>
    public const int Version = 1;

    /// <summary>Environment variable that overrides where the demo set lives.</summary>
    public const string FolderVariable = "EDM_DEMO_DIR";

    /// <summary>
    /// Where the demo set lives: <c>$EDM_DEMO_DIR</c> if set, else <c>edm/demo-v1</c> under the user's
    /// cache folder (<c>$XDG_CACHE_HOME</c> or <c>~/.cache</c>; <c>%LOCALAPPDATA%</c> on Windows).
    /// </summary>
    public static string Folder
    {
        get
        {
            string? overridden = Environment.GetEnvironmentVariable(FolderVariable);
            if (!string.IsNullOrWhiteSpace(overridden))
            {
                return Path.GetFullPath(overridden);
            }

            string cache = OperatingSystem.IsWindows()
                ? Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData)
                : Environment.GetEnvironmentVariable("XDG_CACHE_HOME") is { Length: > 0 } xdg
                    ? xdg
                    : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".cache");
            return Path.Combine(cache, "edm", $"demo-v{Version}");
        }
    }

    /// <summary>Returns the demo folder, generating the set first if it is not there yet.</summary>
    /// <param name="log">Told, in one line, when the set is being generated.</param>
    public static string Ensure(TextWriter log)
    {
        ArgumentNullException.ThrowIfNull(log);
        string folder = Folder;
        if (File.Exists(Path.Combine(folder, LabelFile.FileName)))
        {
            return folder;
        }

        log.WriteLine($"generating the demo set ({Count} tracks, first use only) into {folder}");
        try
        {
            DatasetGenerator.Generate(folder, Count, Seed, DurationSeconds);
        }
        catch (InputException) when (File.Exists(Path.Combine(folder, LabelFile.FileName)))
        {
            // Another edm process generated it at the same time; its copy is identical.
        }

        return folder;
    }
}
