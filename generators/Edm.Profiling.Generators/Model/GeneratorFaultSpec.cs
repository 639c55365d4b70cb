using System;
using Microsoft.CodeAnalysis;

namespace Edm.Profiling.Generators.Model;

/// <summary>
/// An exception the generator caught instead of failing the build: what it was doing, where, and
/// the exception. Reported as EDM012; the calls it concerns stay as written, unprofiled.
/// </summary>
/// <param name="Stage">What the generator was doing, e.g. "reading the [Profile] declaration".</param>
/// <param name="Exception">The exception's type and message, on one line.</param>
/// <param name="FilePath">The source file concerned, or null.</param>
/// <param name="Line">1-based line, 0 when unknown.</param>
/// <param name="Column">1-based column, 0 when unknown.</param>
/// <remarks>Part of the incremental model: it must stay immutable and structurally equal, or caching breaks.</remarks>
internal sealed record GeneratorFaultSpec(string Stage, string Exception, string? FilePath, int Line, int Column)
{
    public const string ReadingDeclaration = "reading a [Profile] declaration";
    public const string ReadingReferences = "reading the profiled methods of referenced assemblies";
    public const string ScanningCalls = "scanning the calls to profiled methods";
    public const string ReadingCall = "reading a call to a profiled method";
    public const string ReadingMethodGroup = "reading a method group of a profiled method";
    public const string WritingInterceptors = "writing interceptors";

    /// <summary>A fault at <paramref name="node"/> (or nowhere in particular).</summary>
    public static GeneratorFaultSpec Of(string stage, Exception exception, SyntaxNode? node = null)
    {
        FileLinePositionSpan? span = node?.GetLocation().GetLineSpan();
        return new GeneratorFaultSpec(
            stage,
            string.Concat(exception.GetType().FullName, ": ", exception.Message).Replace('\r', ' ').Replace('\n', ' '),
            span?.Path,
            span is { } s ? s.StartLinePosition.Line + 1 : 0,
            span is { } c ? c.StartLinePosition.Character + 1 : 0);
    }

    /// <summary>Where, as the message says it: <c>File.cs(12,5)</c>, or "this compilation".</summary>
    public string Place => FilePath is null ? "this compilation" : $"{FilePath}({Line},{Column})";
}

/// <summary>The targets one step found, and the fault that cut it short, if any.</summary>
/// <remarks>Part of the incremental model: it must stay immutable and structurally equal, or caching breaks.</remarks>
internal sealed record ParsedTargets(EquatableArray<TargetSpec> Targets, GeneratorFaultSpec? Fault = null)
{
    public static readonly ParsedTargets Empty = new(EquatableArray<TargetSpec>.Empty);
}
