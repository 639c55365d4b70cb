using System.ComponentModel;
using System.Diagnostics;

namespace Edm.Profiling.Tool.Running;

/// <summary>
/// A commit checked out in a temporary git worktree (<c>git worktree add --detach</c>), for
/// <c>ab --git</c>; removed again (<c>git worktree remove --force</c>) when disposed.
/// </summary>
internal sealed class GitWorktree : IDisposable
{
    private readonly string _repository;

    private GitWorktree(string repository, string path, string commit)
    {
        _repository = repository;
        Path = path;
        Commit = commit;
    }

    /// <summary>The worktree's root folder.</summary>
    internal string Path { get; }

    /// <summary>The full commit id checked out.</summary>
    internal string Commit { get; }

    /// <summary>The root of the repository the current folder is in.</summary>
    /// <exception cref="InputException">Not in a git repository, or git is missing.</exception>
    internal static string TopLevel(string folder) =>
        Git(folder, "rev-parse", "--show-toplevel") ?? throw new InputException($"--git: {folder} is not inside a git repository");

    /// <summary>The full id of the commit <paramref name="reference"/> names.</summary>
    /// <exception cref="InputException">It names no commit.</exception>
    internal static string ResolveCommit(string repository, string reference) =>
        Git(repository, "rev-parse", "--verify", "--quiet", reference + "^{commit}")
        ?? throw new InputException($"--git: '{reference}' is not a commit of the repository at {repository}");

    /// <summary>Checks <paramref name="commit"/> out into a new temporary folder.</summary>
    internal static GitWorktree Add(string repository, string commit)
    {
        string path = Directory.CreateTempSubdirectory("edm-prof-ab-").FullName;
        string tree = System.IO.Path.Combine(path, "base");
        if (Git(repository, "worktree", "add", "--detach", "--quiet", tree, commit) is null)
        {
            Directory.Delete(path, recursive: true);
            throw new InputException($"--git: cannot check {commit} out into a temporary worktree (git worktree add failed)");
        }

        return new GitWorktree(repository, tree, commit);
    }

    public void Dispose()
    {
        _ = Git(_repository, "worktree", "remove", "--force", Path);
        try
        {
            Directory.Delete(System.IO.Path.GetDirectoryName(Path)!, recursive: true);
        }
        catch (IOException)
        {
            // Removed by git already, or busy for a moment; the temporary folder is the OS's to clean.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    /// <summary>Runs git in <paramref name="folder"/>; its trimmed standard output, or null when it failed.</summary>
    internal static string? Git(string folder, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        try
        {
            using Process process = Process.Start(start)!;
            Task<string> error = process.StandardError.ReadToEndAsync();
            string output = process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            _ = error.Result;
            return process.ExitCode == 0 ? output.Trim() : null;
        }
        catch (Win32Exception e)
        {
            throw new InputException($"--git: cannot run git: {EdmProf.OneLine(e.Message)}");
        }
    }
}
