using Json.Schema;

namespace Edm.Profiling.Tests.Support;

/// <summary>docs/session.schema.json, loaded once: the schema library refuses to register one $id twice in a process.</summary>
internal static class SessionSchema
{
    private static readonly Lazy<JsonSchema> s_schema = new(() =>
        JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "schemas", "session.schema.json")));

    public static JsonSchema Value => s_schema.Value;
}
