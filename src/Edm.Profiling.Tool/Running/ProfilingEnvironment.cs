using System.Globalization;

namespace Edm.Profiling.Tool.Running;

/// <summary>
/// The environment variables that switch a program built with <c>-p:EdmProfiling=true</c> into process
/// mode (docs/session-format.md): where to write the session at exit, and how to record it. A variable
/// the user did not ask to change is left as the program would inherit it.
/// </summary>
internal static class ProfilingEnvironment
{
    internal const string Output = "EDM_PROFILING_OUTPUT";
    internal const string SessionName = "EDM_PROFILING_SESSION_NAME";
    internal const string Layer = "EDM_PROFILING_LAYER";
    internal const string Timeline = "EDM_PROFILING_TIMELINE";
    internal const string Reservoir = "EDM_PROFILING_RESERVOIR";
    internal const string Enabled = "EDM_PROFILING";

    internal static Dictionary<string, string> For(string sessionPath, Profiling.Layer? layer, bool timeline, string? name, int? reservoir)
    {
        var variables = new Dictionary<string, string>(StringComparer.Ordinal) { [Output] = sessionPath };
        if (layer is { } cap)
        {
            variables[Layer] = cap == Profiling.Layer.Lightweight ? "lightweight" : "detailed";
        }

        if (timeline)
        {
            variables[Timeline] = "1";
        }

        if (!string.IsNullOrEmpty(name))
        {
            variables[SessionName] = name;
        }

        if (reservoir is { } size)
        {
            variables[Reservoir] = size.ToString(CultureInfo.InvariantCulture);
        }

        return variables;
    }

    /// <summary>The value of <c>EDM_PROFILING</c> when it switches profiling off in this environment, else null.</summary>
    internal static string? SwitchedOff()
    {
        string? value = Environment.GetEnvironmentVariable(Enabled)?.Trim();
        return value is "0" || string.Equals(value, "false", StringComparison.OrdinalIgnoreCase) ? value : null;
    }
}
