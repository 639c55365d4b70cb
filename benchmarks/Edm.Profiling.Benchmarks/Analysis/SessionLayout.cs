using System.Text.Json;
using System.Text.Json.Serialization;

namespace Edm.Profiling.Benchmarks.Analysis;

/// <summary>
/// How a benchmark's session files are written: as the session writer does today (duration samples
/// packed, integer arrays on one line), or as the 1.1 writer did (every array element on a line of its
/// own), so that one run measures reading both.
/// </summary>
internal static class SessionLayout
{
    /// <summary>Today's writer.</summary>
    internal const string Packed = "packed";

    /// <summary>The 1.1 writer's layout.</summary>
    internal const string Release11 = "1.1";

    /// <summary>
    /// The 1.1 writer: System.Text.Json with the session options and none of today's converters, which
    /// is what the 1.1 source-generated context was.
    /// </summary>
    private static readonly JsonSerializerOptions s_release11 = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Converters = { new JsonStringEnumConverter() },
    };

    internal static void Write(SessionReport session, string path, string layout)
    {
        if (layout == Release11)
        {
            using FileStream stream = File.Create(path);
            JsonSerializer.Serialize(stream, session, s_release11);
        }
        else
        {
            SessionJson.WriteFile(session, path);
        }
    }
}
