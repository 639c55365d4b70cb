using Json.Schema;

namespace Edm.Profiling.Tests.Support;

/// <summary>docs/session.schema.json, loaded once: the schema library refuses to register one $id twice in a process.</summary>
internal static class SessionSchema
{
    private static readonly Lazy<JsonSchema> s_schema = new(() =>
        JsonSchema.FromFile(Path.Combine(AppContext.BaseDirectory, "schemas", "session.schema.json")));

    public static JsonSchema Value => s_schema.Value;

    /// <summary>Fails with the schema's errors unless <paramref name="json"/> follows it.</summary>
    public static void AssertValid(string json)
    {
        EvaluationResults results = Value.Evaluate(System.Text.Json.JsonDocument.Parse(json).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });
        Assert.True(results.IsValid, string.Join("; ", (results.Details ?? []).Where(d => d.Errors is { Count: > 0 }).Select(d => $"{d.InstanceLocation}: {string.Join(",", d.Errors!.Values)}")));
    }
}
