namespace Edm.Profiling.Tool.Running;

/// <summary>
/// One side of an A/B comparison: its label (A or B), the command as the user wrote it, the command
/// line that runs it, the folder it runs in (null: the current one) and the variables it gets beside
/// the profiling ones (<c>EDM_AB_SIDE</c>, <c>EDM_AB_TREE</c>, <c>EDM_COMMIT</c>).
/// </summary>
internal sealed record AbSide(string Label, string Shown, IReadOnlyList<string> CommandLine, string? WorkingDirectory, IReadOnlyDictionary<string, string> Environment)
{
    /// <summary>Names the side in messages: <c>A ('dotnet old/App.dll')</c>.</summary>
    internal string Describe()
    {
        string text = Output.DisplayText.Of(Shown);
        return $"{Label} ('{(text.Length <= 60 ? text : text[..59] + "…")}')";
    }
}
