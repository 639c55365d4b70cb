using System.Globalization;

namespace Edm.Profiling.Tool.Output;

/// <summary>A count with its noun: <c>1 run</c>, <c>3 runs</c>, <c>1,024 methods</c>.</summary>
internal static class Plural
{
    internal static string Of(int count, string noun) =>
        count == 1 ? $"1 {noun}" : string.Create(CultureInfo.InvariantCulture, $"{count:N0} {noun}s");
}
