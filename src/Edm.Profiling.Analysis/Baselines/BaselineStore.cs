using System.Text;
using System.Text.Json;

namespace Edm.Profiling.Analysis;

/// <summary>
/// Baselines on disk, one JSON file per commit or version:
/// <c>&lt;root&gt;/&lt;name&gt;/&lt;commit-or-version&gt;.json</c>, plus a pointer per branch to its latest
/// (<c>&lt;root&gt;/&lt;name&gt;/branches/&lt;branch&gt;.json</c>). Files are written atomically, so a
/// crash mid-save leaves the previous file whole. The default root, <c>benchmarks/baselines</c>,
/// is meant to be committed: baselines are reviewed in diffs like code.
/// </summary>
public sealed class BaselineStore
{
    /// <summary>The conventional root, relative to the repository.</summary>
    public const string DefaultRoot = "benchmarks/baselines";

    private const string BranchesFolder = "branches";
    private readonly TimeProvider _clock;

    /// <summary>A store rooted at <paramref name="root"/> (created on the first save).</summary>
    public BaselineStore(string root, TimeProvider? clock = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(root);
        Root = root;
        _clock = clock ?? TimeProvider.System;
    }

    /// <summary>The folder the baselines are in.</summary>
    public string Root { get; }

    /// <summary>Where the baseline <paramref name="name"/> at <paramref name="key"/> is (or would be) stored.</summary>
    /// <exception cref="AnalysisException">The name or key cannot be a file name.</exception>
    public string PathOf(string name, string key) =>
        Path.Combine(Root, CheckName(name, "baseline name"), CheckName(key, "commit or version") + ".json");

    /// <summary>
    /// Saves the baseline under its name and key (version, else commit), and moves its branch's pointer
    /// to it. Refuses to replace an existing file unless <paramref name="overwrite"/> is set.
    /// </summary>
    /// <exception cref="AnalysisException">No key, a bad name, the file exists, or it cannot be written.</exception>
    public BaselineEntry Save(Baseline baseline, bool overwrite = false)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        string key = baseline.Key
            ?? throw new AnalysisException(baseline.Name, "the baseline has neither a version nor a commit to name its file: give a version, or set EDM_COMMIT when profiling");
        string path = PathOf(baseline.Name, key);
        if (!overwrite && File.Exists(path))
        {
            throw new AnalysisException(path, $"baseline '{baseline.Name}' at '{key}' already exists; replace it explicitly (overwrite) or use another version");
        }

        BaselineJson.WriteFile(baseline, path);
        var latestOn = new List<string>();
        if (baseline.Branch is { Length: > 0 } branch)
        {
            var pointer = new BranchPointer { Branch = branch, Key = key, UpdatedAt = _clock.GetUtcNow() };
            string pointerPath = PointerPath(baseline.Name, branch);
            try
            {
                AtomicFile.Write(pointerPath, stream => JsonSerializer.Serialize(stream, pointer, BaselineJsonContext.Default.BranchPointer));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new AnalysisException(pointerPath, $"cannot be written: {e.Message}", inner: e);
            }

            latestOn.Add(branch);
        }

        return new BaselineEntry
        {
            Name = baseline.Name,
            Key = key,
            Path = path,
            Commit = baseline.Commit,
            Version = baseline.Version,
            Branch = baseline.Branch,
            CreatedAt = baseline.CreatedAt,
            LatestOn = latestOn,
        };
    }

    /// <summary>Loads the baseline <paramref name="name"/> at <paramref name="key"/>.</summary>
    /// <exception cref="AnalysisException">There is no such baseline, or its file is not valid.</exception>
    public Baseline Load(string name, string key)
    {
        string path = PathOf(name, key);
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            string known = string.Join(", ", List(name).Select(e => e.Key));
            throw new AnalysisException(path, $"no baseline '{name}' at '{key}'" + (known.Length == 0 ? "" : $" (stored: {known})"));
        }

        return BaselineJson.ReadFile(path);
    }

    /// <summary>Loads the latest baseline <paramref name="name"/> of <paramref name="branch"/>.</summary>
    /// <exception cref="AnalysisException">The branch has none, or a file is not valid.</exception>
    public Baseline LoadLatest(string name, string branch)
    {
        BranchPointer pointer = ReadPointer(name, branch)
            ?? throw new AnalysisException(PointerPath(name, branch), $"no baseline '{name}' has been saved on branch '{branch}'");
        return Load(name, pointer.Key);
    }

    /// <summary>The key of the latest baseline <paramref name="name"/> of <paramref name="branch"/>, or null.</summary>
    /// <exception cref="AnalysisException">The pointer file is not valid.</exception>
    public string? LatestKey(string name, string branch) => ReadPointer(name, branch)?.Key;

    /// <summary>The branch pointers of baseline <paramref name="name"/>.</summary>
    /// <exception cref="AnalysisException">A pointer file is not valid.</exception>
    public IReadOnlyList<BranchPointer> Branches(string name)
    {
        string folder = Path.Combine(Root, CheckName(name, "baseline name"), BranchesFolder);
        if (!Directory.Exists(folder))
        {
            return [];
        }

        return [.. Directory.EnumerateFiles(folder, "*.json")
            .Where(f => !Path.GetFileName(f).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .Select(ParsePointer)];
    }

    /// <summary>Every stored baseline, or those named <paramref name="name"/>, by name then creation time.</summary>
    /// <exception cref="AnalysisException">A baseline or pointer file is not valid.</exception>
    public IReadOnlyList<BaselineEntry> List(string? name = null)
    {
        if (!Directory.Exists(Root))
        {
            return [];
        }

        IEnumerable<string> folders = name is null
            ? Directory.EnumerateDirectories(Root).Select(Path.GetFileName).OfType<string>().Where(IsValidName)
            : [CheckName(name, "baseline name")];
        var entries = new List<BaselineEntry>();
        foreach (string folder in folders.Order(StringComparer.Ordinal))
        {
            string directory = Path.Combine(Root, folder);
            if (!Directory.Exists(directory))
            {
                continue;
            }

            ILookup<string, string> latest = Branches(folder).ToLookup(p => p.Key, p => p.Branch, StringComparer.Ordinal);
            foreach (string path in Directory.EnumerateFiles(directory, "*.json").Where(f => !Path.GetFileName(f).StartsWith('.')))
            {
                string key = Path.GetFileNameWithoutExtension(path);
                BaselineHeader header = BaselineJson.ReadHeader(RunFile.ReadBytes(path, "baseline"), path);
                entries.Add(new BaselineEntry
                {
                    Name = folder,
                    Key = key,
                    Path = path,
                    Commit = header.Commit,
                    Version = header.Version,
                    Branch = header.Branch,
                    CreatedAt = header.CreatedAt,
                    LatestOn = [.. latest[key]],
                });
            }
        }

        return [.. entries.OrderBy(e => e.Name, StringComparer.Ordinal).ThenBy(e => e.CreatedAt).ThenBy(e => e.Key, StringComparer.Ordinal)];
    }

    /// <summary>Deletes the baseline and the branch pointers that name it; returns those branches.</summary>
    /// <exception cref="AnalysisException">There is no such baseline, or it cannot be deleted.</exception>
    public IReadOnlyList<string> Delete(string name, string key)
    {
        string path = PathOf(name, key);
        if (!File.Exists(path))
        {
            throw new AnalysisException(path, $"no baseline '{name}' at '{key}' to delete");
        }

        var branches = new List<string>();
        try
        {
            foreach (BranchPointer pointer in Branches(name).Where(p => p.Key == key))
            {
                File.Delete(PointerPath(name, pointer.Branch));
                branches.Add(pointer.Branch);
            }

            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new AnalysisException(path, $"cannot be deleted: {e.Message}", inner: e);
        }

        return branches;
    }

    private BranchPointer? ReadPointer(string name, string branch)
    {
        string path = PointerPath(name, branch);
        return File.Exists(path) || Directory.Exists(path) ? ParsePointer(path) : null;
    }

    private static BranchPointer ParsePointer(string path)
    {
        byte[] bytes = RunFile.ReadBytes(path, "branch pointer");
        BranchPointer? pointer;
        try
        {
            pointer = JsonSerializer.Deserialize(bytes, BaselineJsonContext.Default.BranchPointer);
        }
        catch (JsonException e)
        {
            throw BaselineJson.FromJsonException(path, e);
        }

        if (pointer is null || string.IsNullOrEmpty(pointer.Key) || !IsValidName(pointer.Key))
        {
            throw new AnalysisException(path, "the branch pointer names no valid baseline key", "$.key");
        }

        return pointer;
    }

    private string PointerPath(string name, string branch) =>
        Path.Combine(Root, CheckName(name, "baseline name"), BranchesFolder, EscapeBranch(branch) + ".json");

    /// <summary>Branch names hold <c>/</c> and more: percent-encode anything outside a safe set, so the name maps to one file and back.</summary>
    internal static string EscapeBranch(string branch)
    {
        if (string.IsNullOrEmpty(branch))
        {
            throw new AnalysisException(branch ?? "", "the branch name is empty");
        }

        var escaped = new StringBuilder();
        foreach (byte b in Encoding.UTF8.GetBytes(branch))
        {
            bool safe = char.IsAsciiLetterOrDigit((char)b) || (b is (byte)'-' or (byte)'_' || (b == '.' && escaped.Length > 0));
            escaped.Append(safe ? ((char)b).ToString() : $"%{b:X2}");
        }

        return escaped.ToString();
    }

    private static string CheckName(string value, string what)
    {
        if (value is null || !IsValidName(value))
        {
            throw new AnalysisException(value ?? "(null)", $"the {what} '{value}' cannot name a file: use letters, digits, '.', '_', '+' and '-', starting with a letter or digit, at most 128 characters");
        }

        return value;
    }

    private static bool IsValidName(string value) =>
        value.Length is > 0 and <= 128 && char.IsAsciiLetterOrDigit(value[0])
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-' or '+');
}
