namespace Edm.Profiling;

/// <summary>Reads the run-time switches once, when <see cref="Profiler"/> initialises.</summary>
internal static class ProfilerSwitches
{
    internal const string EnabledVariable = "EDM_PROFILING";
    internal const string EnabledSwitch = "Edm.Profiling.Enabled";
    internal const string LayerVariable = "EDM_PROFILING_LAYER";

    internal static bool ReadEnabled()
    {
        string? env = System.Environment.GetEnvironmentVariable(EnabledVariable)?.Trim();
        if (string.Equals(env, "0", StringComparison.Ordinal) || string.Equals(env, "false", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        return !AppContext.TryGetSwitch(EnabledSwitch, out bool enabled) || enabled;
    }

    internal static Layer ReadMaxLayer() =>
        string.Equals(System.Environment.GetEnvironmentVariable(LayerVariable)?.Trim(), "lightweight", StringComparison.OrdinalIgnoreCase)
            ? Layer.Lightweight
            : Layer.Detailed;
}
