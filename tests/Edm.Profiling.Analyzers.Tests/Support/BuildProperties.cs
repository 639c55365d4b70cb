using System.Diagnostics.CodeAnalysis;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Edm.Profiling.Analyzers.Tests.Support;

/// <summary>Build properties as the compiler hands them to generators and analyzers (<c>build_property.X</c>).</summary>
internal sealed class BuildProperties(Dictionary<string, string> globals) : AnalyzerConfigOptionsProvider
{
    public override AnalyzerConfigOptions GlobalOptions { get; } = new Options(globals);

    public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => Options.Empty;

    public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => Options.Empty;

    /// <summary>What the package's props give a build with <c>-p:EdmProfiling=true</c>.</summary>
    public static BuildProperties Profiling() => new(new Dictionary<string, string> { ["build_property.EdmProfiling"] = "true" });

    private sealed class Options(Dictionary<string, string> values) : AnalyzerConfigOptions
    {
        public static readonly Options Empty = new([]);

        public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value) => values.TryGetValue(key, out value);
    }
}
