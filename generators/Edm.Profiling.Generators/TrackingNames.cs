namespace Edm.Profiling.Generators;

/// <summary>Names of the pipeline steps, so tests can check what each step did on a re-run.</summary>
internal static class TrackingNames
{
    public const string Enabled = nameof(Enabled);
    public const string DeclarationTargets = nameof(DeclarationTargets);
    public const string DeclaredTargets = nameof(DeclaredTargets);
    public const string ReferencedTargets = nameof(ReferencedTargets);
    public const string AllTargets = nameof(AllTargets);
    public const string CallSites = nameof(CallSites);
    public const string InterceptedCalls = nameof(InterceptedCalls);
    public const string InterceptorFiles = nameof(InterceptorFiles);
    public const string ProfiledTypes = nameof(ProfiledTypes);
    public const string UnprobedSites = nameof(UnprobedSites);
    public const string ModuleInitializer = nameof(ModuleInitializer);
    public const string StackTraceHidden = nameof(StackTraceHidden);
    public const string SharedAttribute = nameof(SharedAttribute);
    public const string Faults = nameof(Faults);
}
