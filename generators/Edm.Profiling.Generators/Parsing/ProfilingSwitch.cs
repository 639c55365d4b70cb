using System;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Edm.Profiling.Generators.Parsing;

/// <summary>
/// The <c>EdmProfiling</c> switch as the generator sees it: the MSBuild property (made visible by the
/// package's props) decides whether anything is emitted, and the <c>EDM_PROFILING</c> symbol the
/// package's targets define with it lets syntax predicates give up on a tree before any work.
/// </summary>
internal static class ProfilingSwitch
{
    /// <summary>The analyzer config key of the MSBuild property <c>EdmProfiling</c>.</summary>
    public const string BuildPropertyKey = "build_property.EdmProfiling";

    /// <summary>Defined in the compilation when <c>EdmProfiling</c> is true.</summary>
    public const string PreprocessorSymbol = "EDM_PROFILING";

    /// <summary>The last parse options looked at, with the answer: trees of one project share one options object.</summary>
    private static GateAnswer? s_lastAnswer;

    /// <summary>Whether the build asked for probes (<c>-p:EdmProfiling=true</c>).</summary>
    public static bool IsEnabled(AnalyzerConfigOptionsProvider options, CancellationToken cancellationToken) =>
        options.GlobalOptions.TryGetValue(BuildPropertyKey, out string? value)
        && string.Equals(value?.Trim(), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Whether <paramref name="tree"/> was parsed with <c>EDM_PROFILING</c> defined. Called for every
    /// syntax node a predicate sees, so it remembers the answer for the last options object.
    /// </summary>
    public static bool IsGated(SyntaxTree tree)
    {
        ParseOptions options = tree.Options;
        GateAnswer? last = Volatile.Read(ref s_lastAnswer);
        if (last is not null && ReferenceEquals(last.Options, options))
        {
            return last.Defined;
        }

        bool defined = false;
        foreach (string symbol in options.PreprocessorSymbolNames)
        {
            if (symbol == PreprocessorSymbol)
            {
                defined = true;
                break;
            }
        }

        Volatile.Write(ref s_lastAnswer, new GateAnswer(options, defined));
        return defined;
    }

    private sealed class GateAnswer(ParseOptions options, bool defined)
    {
        public ParseOptions Options { get; } = options;

        public bool Defined { get; } = defined;
    }
}
