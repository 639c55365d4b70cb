using System;
using System.Collections.Immutable;
using System.Linq;
using Edm.Profiling.Generators.Diagnostics;
using Edm.Profiling.Generators.Emitting;
using Edm.Profiling.Generators.Model;
using Edm.Profiling.Generators.Parsing;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Text;

namespace Edm.Profiling.Generators;

/// <summary>
/// Turns calls to <c>[Profile]</c> methods into C# interceptors that call the probe API, when the
/// build sets <c>EdmProfiling=true</c>. Otherwise it emits nothing. See docs/generator.md.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class ProfilingGenerator : IIncrementalGenerator
{
    /// <inheritdoc/>
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        // The switch: the EdmProfiling build property.
        IncrementalValueProvider<bool> enabled = context.AnalyzerConfigOptionsProvider
            .Select(ProfilingSwitch.IsEnabled)
            .WithTrackingName(TrackingNames.Enabled);

        // [Profile] declarations in this compilation (methods, and every method of a profiled type).
        IncrementalValuesProvider<ParsedTargets> declarations = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                ProfileAnnotations.ProfileAttributeName,
                static (node, _) => ProfilingSwitch.IsGated(node.SyntaxTree),
                TargetParser.ParseDeclaration)
            .WithTrackingName(TrackingNames.DeclarationTargets);

        IncrementalValuesProvider<TargetSpec> declaredTargets = declarations
            .SelectMany(static (parsed, _) => parsed.Targets.AsImmutableArray())
            .WithTrackingName(TrackingNames.DeclaredTargets);

        // Profiled methods of referenced assemblies built with the flag, found through their markers.
        IncrementalValueProvider<ParsedTargets> referencedTargets = context.CompilationProvider
            .Combine(enabled)
            .Select(static (input, token) => input.Right ? ReferencedTargets.Read(input.Left, token) : ParsedTargets.Empty)
            .WithTrackingName(TrackingNames.ReferencedTargets);

        IncrementalValueProvider<EquatableArray<TargetSpec>> allTargets = declaredTargets.Collect()
            .Combine(referencedTargets)
            .Select(static (input, _) => new EquatableArray<TargetSpec>(input.Left.AddRange(input.Right.Targets.AsImmutableArray())))
            .WithTrackingName(TrackingNames.AllTargets);

        // Calls to profiled methods, per file. Nothing at all runs with the switch off; with it on,
        // only invocations whose name may be profiled are bound, and unchanged files are reused.
        // Skipped calls stay in these results (data for tests and the analyzers); nothing is written for them.
        IncrementalValuesProvider<FileCallSites> callSites = context.CompilationProvider
            .Combine(enabled)
            .SelectMany(static (input, token) => input.Right ? CallSiteScanner.Scan(input.Left, token) : ImmutableArray<FileCallSites>.Empty)
            .WithTrackingName(TrackingNames.CallSites);

        // Exceptions the steps above caught: EDM012 each, with the switch on (with it off nothing is generated anyway).
        IncrementalValueProvider<EquatableArray<GeneratorFaultSpec>> faults = declarations
            .Where(static parsed => parsed.Fault is not null)
            .Select(static (parsed, _) => parsed.Fault!)
            .Collect()
            .Combine(referencedTargets)
            .Combine(callSites.Collect())
            .Combine(enabled)
            .Select(static (input, _) => input.Right
                ? EquatableArray.From(input.Left.Left.Left
                    .Concat(input.Left.Left.Right.Fault is { } referenceFault ? [referenceFault] : [])
                    .Concat(input.Left.Right.SelectMany(file => file.Faults.AsImmutableArray())))
                : EquatableArray<GeneratorFaultSpec>.Empty)
            .WithTrackingName(TrackingNames.Faults);

        context.RegisterSourceOutput(faults, static (output, faults) =>
        {
            foreach (GeneratorFaultSpec fault in faults)
            {
                output.ReportDiagnostic(GeneratorFaults.ToDiagnostic(fault));
            }
        });

        IncrementalValuesProvider<CallSiteSpec> interceptedCalls = callSites
            .SelectMany(static (file, _) => file.Results.AsImmutableArray().Where(result => result.Intercepted is not null).Select(result => result.Intercepted!))
            .WithTrackingName(TrackingNames.InterceptedCalls);

        // Whether generated classes can carry [StackTraceHidden] (.NET 6 and later).
        IncrementalValueProvider<bool> hidesStackFrames = context.CompilationProvider
            .Combine(enabled)
            .Select(static (input, _) => input.Right && InterceptorPlanner.CanHideStackFrames(input.Left))
            .WithTrackingName(TrackingNames.StackTraceHidden);

        // Whether the interceptor files can share one InterceptsLocationAttribute, declared in a file of its own.
        IncrementalValueProvider<bool> sharedAttribute = context.CompilationProvider
            .Combine(enabled)
            .Select(static (input, _) => input.Right && InterceptsLocationEmitter.CanShare(input.Left))
            .WithTrackingName(TrackingNames.SharedAttribute);

        // One file per declaring type: its probed methods and the calls to them.
        IncrementalValuesProvider<InterceptorFileSpec> files = allTargets
            .Combine(interceptedCalls.Collect())
            .Combine(enabled.Combine(hidesStackFrames).Combine(sharedAttribute))
            .SelectMany(static (input, _) => input.Right.Left.Left
                ? InterceptorPlanner.Plan(input.Left.Left, input.Left.Right, input.Right.Left.Right, input.Right.Right)
                : ImmutableArray<InterceptorFileSpec>.Empty)
            .WithTrackingName(TrackingNames.InterceptorFiles);

        context.RegisterSourceOutput(files.Collect().Combine(sharedAttribute), static (output, input) =>
        {
            if (input.Right && !input.Left.IsDefaultOrEmpty)
            {
                Emit(output, InterceptsLocationEmitter.HintName, () => InterceptsLocationEmitter.Write(InterceptorEmitter.GeneratorVersion));
            }
        });

        context.RegisterSourceOutput(files, static (output, file) =>
            Emit(output, file.HintName, () =>
            {
                FaultInjection.At(GeneratorFaultSpec.WritingInterceptors, file.HintName);
                return InterceptorEmitter.Write(file);
            }));

        // Per profiled method, its uses here that no interceptor reaches; registered once, at load.
        IncrementalValueProvider<EquatableArray<UnprobedTargetSpec>> unprobedSites = allTargets
            .Combine(callSites.Collect())
            .Select(static (input, _) => UnprobedSiteCounter.Count(input.Left, input.Right))
            .WithTrackingName(TrackingNames.UnprobedSites);

        IncrementalValueProvider<bool> hasModuleInitializer = context.CompilationProvider
            .Combine(enabled)
            .Select(static (input, _) => !input.Right || UnprobedSitesEmitter.HasModuleInitializer(input.Left))
            .WithTrackingName(TrackingNames.ModuleInitializer);

        context.RegisterSourceOutput(unprobedSites.Combine(hasModuleInitializer), static (output, input) =>
        {
            if (input.Left.Count > 0)
            {
                Emit(output, UnprobedSitesEmitter.HintName, () => UnprobedSitesEmitter.Write(input.Left, input.Right));
            }
        });

        // Markers naming this assembly's profiled types and their declaration sites, for projects that reference it.
        IncrementalValueProvider<MarkerSpec> markers = declaredTargets.Collect()
            .Combine(enabled)
            .Select(static (input, _) => input.Right ? MarkerEmitter.Select(input.Left) : MarkerSpec.Empty)
            .WithTrackingName(TrackingNames.ProfiledTypes);

        context.RegisterSourceOutput(markers, static (output, markers) =>
        {
            if (markers.Types.Count > 0)
            {
                Emit(output, MarkerEmitter.HintName, () => MarkerEmitter.Write(markers));
            }
        });
    }

    /// <summary>Adds one file; a fault in writing it is EDM012 and no file, never an exception in the build.</summary>
    private static void Emit(SourceProductionContext output, string hintName, Func<string> write)
    {
        string text;
        try
        {
            text = write();
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Without the file its calls are not intercepted: they run as written, unprobed.
            output.ReportDiagnostic(GeneratorFaults.ToDiagnostic(GeneratorFaultSpec.Of(GeneratorFaultSpec.WritingInterceptors + " " + hintName, e)));
            return;
        }

        try
        {
            output.AddSource(hintName, SourceText.From(text, System.Text.Encoding.UTF8));
        }
        catch (ArgumentException)
        {
            // A name the compiler refuses: the file is lost, the build goes on.
        }
    }
}
