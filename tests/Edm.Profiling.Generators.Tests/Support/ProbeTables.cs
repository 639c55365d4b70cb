namespace Edm.Profiling.Generators.Tests.Support;

/// <summary>
/// The probe registrations in generated source, read back from the <c>Probe.RegisterAll</c> tables (one record a
/// line, fields separated by <c>\u001f</c> as the literal spells it): what each interceptor class registers.
/// </summary>
internal static class ProbeTables
{
    /// <summary>A table record's fields: name, declaring type, signature, file, line, layer, kind, category, sampling.</summary>
    public static IReadOnlyList<string[]> Records(IEnumerable<string> generatedSources) =>
        [.. generatedSources
            .SelectMany(text => text.Split('\n'))
            .Select(line => line.Trim())
            .Where(line => line.StartsWith('"') && line.Contains("\\u001f", StringComparison.Ordinal))
            .Select(line => line.TrimEnd('+', ' ', ';', ')').Trim('"').Replace("\\u001e", string.Empty, StringComparison.Ordinal)
                .Split("\\u001f"))];
}
