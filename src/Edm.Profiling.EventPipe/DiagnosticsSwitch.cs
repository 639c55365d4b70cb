namespace Edm.Profiling.EventPipe;

/// <summary>The runtime's switches that close its diagnostic port: with any of them at 0 no EventPipe session can start.</summary>
internal static class DiagnosticsSwitch
{
    private static readonly string[] s_variables =
    [
        "DOTNET_EnableDiagnostics", "COMPlus_EnableDiagnostics", "DOTNET_EnableDiagnostics_IPC", "COMPlus_EnableDiagnostics_IPC",
    ];

    /// <summary>The variable that disables diagnostics in <paramref name="environment"/> (this process's when null), or null.</summary>
    internal static string? DisabledBy(IReadOnlyDictionary<string, string?>? environment = null)
    {
        foreach (string variable in s_variables)
        {
            string? value = environment is null ? Environment.GetEnvironmentVariable(variable) : environment.GetValueOrDefault(variable);
            if (value?.Trim() == "0")
            {
                return variable;
            }
        }

        return null;
    }
}
