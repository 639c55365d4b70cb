using System.CommandLine;

namespace Edm.Profiling.Tool.Options;

/// <summary><c>--layer lightweight|detailed</c>: the run-time cap on what probes record (<c>EDM_PROFILING_LAYER</c>).</summary>
internal static class LayerOption
{
    internal static Option<Layer?> Create() => new("--layer")
    {
        Description = "Highest layer probes record at: lightweight (timing only) or detailed (also allocations, CPU, GC) [default: as the attributes ask]",
        HelpName = "lightweight|detailed",
        CustomParser = result =>
        {
            string text = result.Tokens.Count > 0 ? result.Tokens[0].Value : "";
            if (ProfilingSwitches.ParseLayer(text) is { } layer)
            {
                return layer;
            }

            result.AddError($"--layer: '{text}' is not a layer; use lightweight or detailed");
            return null;
        },
    };
}
