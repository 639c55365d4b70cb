using Edm.Profiling.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Edm.Profiling.Generators.Diagnostics;

/// <summary>What the generator does with one invocation, as the analyzers see it.</summary>
/// <param name="Method">The method the invocation binds to, or null when it does not bind.</param>
/// <param name="TargetName">Probe display name of the profiled method called, or null when the call is to no profiled method.</param>
/// <param name="Reason">Why the call gets no probe; <see cref="SkipReason.None"/> when it is intercepted (or calls no profiled method).</param>
internal readonly record struct CallSiteUse(IMethodSymbol? Method, string? TargetName, SkipReason Reason)
{
    /// <summary>Whether the invocation calls a profiled method at all.</summary>
    public bool CallsProfiledMethod => TargetName is not null;

    /// <summary>Whether the generator intercepts the call.</summary>
    public bool Intercepted => CallsProfiledMethod && Reason == SkipReason.None;
}
