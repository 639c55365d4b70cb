using Microsoft.CodeAnalysis;

namespace Edm.Profiling.Generators.Diagnostics;

/// <summary>
/// Every diagnostic Edm.Profiling reports, EDM001 to EDM012. Rules 1 to 8 of the analyzer spec keep
/// their numbers; EDM009 (layers, the second half of rule 7), EDM010 (a half set-up switch) and EDM011
/// (the per-type summary of what a type's [Profile] cannot reach) and EDM012 (a fault of the generator itself) came later.
/// Each has a page, <c>docs/diagnostics/EDM0xx.md</c>; <see cref="HelpLinkBase"/> says where.
/// </summary>
internal static class DiagnosticDescriptors
{
    /// <summary>
    /// The help pages, relative to the repository root: a link is this plus <c>EDM0xx.md</c>. Kept
    /// relative so no host or machine path is baked into the analyzer (see docs/diagnostics/README.md).
    /// </summary>
    public const string HelpLinkBase = "docs/diagnostics/";

    private const string Usage = "Usage";
    private const string Performance = "Performance";
    private const string Configuration = "Configuration";

    public static readonly DiagnosticDescriptor UninterceptableMember = Create(
        "EDM001",
        "[Profile] on a member that cannot be intercepted",
        "'{0}' is not profiled: {1}",
        Usage,
        DiagnosticSeverity.Warning,
        "Interceptors replace calls to ordinary methods only. A constructor, accessor, operator, local function or lambda, or a method generated code cannot reach, gets no probe however it is annotated. Reported where [Profile] is written on the member itself; members covered only by their type's [Profile] are summarised by EDM011.");

    public static readonly DiagnosticDescriptor UseNotProfiled = Create(
        "EDM002",
        "This use of a profiled method is not profiled",
        "'{0}' is not profiled here: {1}",
        Usage,
        DiagnosticSeverity.Info,
        "Only direct calls are intercepted. A method group or delegate, a base call, a call inside an expression tree and a few other shapes run the method without its probe.");

    public static readonly DiagnosticDescriptor CalledThroughUnannotatedMember = Create(
        "EDM003",
        "Profiled implementation called through an unannotated member",
        "This call binds to '{0}', which has no [Profile], so the [Profile] on '{1}' does not apply here: add [Profile] to '{0}'",
        Usage,
        DiagnosticSeverity.Warning,
        "A call is intercepted by the member it binds to. A call through an interface, or to an override (C# binds it to the member that introduced the method), is not probed unless that member is annotated.");

    public static readonly DiagnosticDescriptor ScopeNotDisposed = Create(
        "EDM004",
        "Profiler.Scope result is not disposed",
        "The scope from Profiler.Scope({0}) is never disposed, so its block never ends: declare it with 'using'",
        Usage,
        DiagnosticSeverity.Warning,
        "A profiler scope records its block when it is disposed. Discarded, or kept in a local nobody disposes, it records nothing useful and leaves a frame open on the thread's call path.");

    public static readonly DiagnosticDescriptor DetailedOnTrivialMethod = Create(
        "EDM005",
        "Layer.Detailed on a trivially small method",
        "'{0}' is a single expression that calls and allocates nothing: a Detailed probe costs more than the method; use [Profile] (Lightweight)",
        Performance,
        DiagnosticSeverity.Info,
        "Detailed probes read allocation counters and the thread CPU clock, tens of nanoseconds a call. For a method that does less than that, the figures measure the probe.");

    public static readonly DiagnosticDescriptor InterceptorsNamespaceMissing = Create(
        "EDM006",
        "InterceptorsNamespaces lacks the generated namespace",
        "EdmProfiling is true, but the compiler does not allow interceptors in Edm.Profiling.Generated ({0}): add this line to a PropertyGroup of the project: <InterceptorsNamespaces>$(InterceptorsNamespaces);Edm.Profiling.Generated</InterceptorsNamespaces>",
        Configuration,
        DiagnosticSeverity.Error,
        "The package's build targets add Edm.Profiling.Generated to InterceptorsNamespaces. A build set up by hand must do it itself, or every generated interceptor fails to compile.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor ProfileAndNoProfile = Create(
        "EDM007",
        "[Profile] and [NoProfile] on the same member",
        "'{0}' has both [Profile] and [NoProfile]: [Profile] wins and the method is profiled; remove the one you do not mean",
        Usage,
        DiagnosticSeverity.Warning,
        "[NoProfile] opts a member out of its type's [Profile]. Beside the member's own [Profile] it does nothing.");

    public static readonly DiagnosticDescriptor InterceptionSummary = Create(
        "EDM008",
        "Profiled call sites intercepted",
        "{0} of {1} call sites to profiled methods are intercepted{2}",
        Usage,
        DiagnosticSeverity.Hidden,
        "A summary per compilation built with EdmProfiling=true. Hidden by default; raise it in .editorconfig (dotnet_diagnostic.EDM008.severity = warning) to see it in every build.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor LayerConflict = Create(
        "EDM009",
        "Member and type [Profile] set different layers",
        "'{0}' is profiled with Layer.{1} from its own [Profile], not Layer.{2} from the [Profile] on '{3}'",
        Usage,
        DiagnosticSeverity.Info,
        "A member's own [Profile] replaces its type's, layer included: [Profile] without a layer means Lightweight, even in a type marked Detailed.");

    public static readonly DiagnosticDescriptor SwitchHalfSetUp = Create(
        "EDM010",
        "The EdmProfiling switch is only half set up",
        "{0}",
        Configuration,
        DiagnosticSeverity.Error,
        "The switch needs both the EdmProfiling property visible to the compiler and the EDM_PROFILING symbol; the package's build files set both. With one missing the generator silently profiles nothing.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor TypeMembersNotProfiled = Create(
        "EDM011",
        "[Profile] on a type covers methods that cannot be intercepted",
        "[Profile] on '{0}' leaves {1} of its methods unprofiled: {2}",
        Usage,
        DiagnosticSeverity.Info,
        "A type's [Profile] covers every ordinary method of the type, including some no interceptor can reach (for instance private methods of a generic type). Those methods were not annotated one by one, so they are summarised once per type, as information: the build is not broken by adding [Profile] to a type.");

    public static readonly DiagnosticDescriptor GeneratorFault = Create(
        "EDM012",
        "The Edm.Profiling generator failed",
        "Edm.Profiling's generator failed while {0} at {1} ({2}). This is a bug in Edm.Profiling: please report it with this message. The calls concerned run as written, unprofiled.",
        Usage,
        DiagnosticSeverity.Warning,
        "The generator caught an exception instead of failing the build. What it was reading or writing is left as the user wrote it: those calls are not intercepted, so their methods are missing from the session or undercounted. Nothing the user wrote is wrong.");

    private static DiagnosticDescriptor Create(string id, string title, string message, string category, DiagnosticSeverity severity, string description, params string[] tags) =>
        new(id, title, message, category, severity, isEnabledByDefault: true, description, HelpLinkBase + id + ".md", tags);
}
