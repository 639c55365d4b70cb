namespace Edm.Profiling.Tool.Running;

/// <summary>
/// The environment variables (<see cref="ProfilingSwitches"/>) that switch a program built with
/// <c>-p:EdmProfiling=true</c> into process mode (docs/session-format.md): where to write the session
/// at exit, and how to record it. A variable the user did not ask to change is left as the program
/// would inherit it.
/// </summary>
internal static class ProfilingEnvironment
{
    internal static Dictionary<string, string> For(string sessionPath, Profiling.Layer? layer, bool timeline, string? name, int? reservoir)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [ProfilingSwitches.OutputVariable] = sessionPath,

            // The run reads one session file at exit: an inherited flush interval would write interval
            // files instead, which it does not look for. Empty counts as unset.
            [ProfilingSwitches.FlushIntervalVariable] = "",
        };
        if (layer is { } cap)
        {
            variables[ProfilingSwitches.LayerVariable] = ProfilingSwitches.FormatLayer(cap);
        }

        if (timeline)
        {
            variables[ProfilingSwitches.TimelineVariable] = "1";
        }

        if (!string.IsNullOrEmpty(name))
        {
            variables[ProfilingSwitches.SessionNameVariable] = name;
        }

        if (reservoir is { } size)
        {
            variables[ProfilingSwitches.ReservoirVariable] = ProfilingSwitches.FormatCount(size);
        }

        return variables;
    }

    /// <summary>The value of <c>EDM_PROFILING</c> when it switches profiling off in this environment, else null.</summary>
    internal static string? SwitchedOff() =>
        ProfilingSwitches.Read(ProfilingSwitches.EnabledVariable) is { } value && ProfilingSwitches.IsOff(value) ? value.Trim() : null;
}
