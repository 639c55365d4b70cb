using System.Collections.Immutable;
using System.Globalization;
using System.Reflection;
using Edm.Profiling.Generators.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;

namespace Edm.Profiling.Generators.Tests;

/// <summary>
/// The contract of issue 12: generated code never raises a warning in a project that builds cleanly
/// without the flag, and [Profile] on types never breaks a warnings-as-errors build. TestSources/Warnings.cs
/// (obsolete members, every nullability and flow attribute, #nullable disable code, pointers) is compiled
/// with nullable enabled, every warning wave on and warnings reported as errors, with and without
/// EdmProfiling=true, with the generator and every analyzer of the package; then both builds run.
/// </summary>
[Collection(ProfilerCollection.Name)]
public sealed class WarningFreeTests
{
    private static readonly Lazy<(Compilation Plain, Compilation Profiled)> s_builds = new(() =>
        (Build(profiling: false, "Warnings.Plain"), Build(profiling: true, "Warnings.Profiled")));

    private static readonly Lazy<Assembly> s_plain = new(() => Assembly.Load(Emit(s_builds.Value.Plain)));
    private static readonly Lazy<Assembly> s_profiled = new(() => Assembly.Load(Emit(s_builds.Value.Profiled)));

    [Fact]
    public void Without_the_flag_the_corpus_compiles_with_no_warning_from_the_compiler_or_the_analyzers()
    {
        Assert.Empty(Problems(s_builds.Value.Plain));
        Assert.Empty(AnalyzerProblems(s_builds.Value.Plain));
    }

    [Fact]
    public void With_the_flag_the_generated_interceptors_raise_no_warning_and_the_analyzers_none_either()
    {
        Compilation profiled = s_builds.Value.Profiled;
        Assert.True(profiled.SyntaxTrees.Count() > 1, "the generator wrote no interceptor");
        string[] problems = Problems(profiled);
        Assert.True(problems.Length == 0, string.Join("\n", problems) + "\n\n" + GeneratorHarness.GeneratedText(profiled));
        Assert.Empty(AnalyzerProblems(profiled));
    }

    [Fact]
    public void The_type_level_Profile_on_a_generic_type_is_summarised_once_as_info()
    {
        Diagnostic summary = Assert.Single(Analyze(s_builds.Value.Plain), d => d.Id == "EDM011");
        Assert.Equal(DiagnosticSeverity.Info, summary.Severity);
        Assert.Contains("'Warnings.Registry<T>.Bump(T, int)', 'Warnings.Registry<T>.Normalize(int)'", summary.GetMessage(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        Assert.Equal(2, summary.AdditionalLocations.Count);
        Assert.DoesNotContain(Analyze(s_builds.Value.Plain), d => d.Id == "EDM001");
    }

    [Fact]
    public void The_generated_code_repeats_the_targets_flow_attributes_unsafe_and_nullable_context()
    {
        string generated = GeneratorHarness.GeneratedText(s_builds.Value.Profiled);
        foreach (string expected in new[]
        {
            "[global::System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out string? value",
            "[global::System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out string value",
            "[global::System.Diagnostics.CodeAnalysis.MaybeNullWhen(false)] out T item",
            "[return: global::System.Diagnostics.CodeAnalysis.NotNullIfNotNull(\"text\")]",
            "[return: global::System.Diagnostics.CodeAnalysis.MaybeNull]",
            "[return: global::System.Diagnostics.CodeAnalysis.NotNull]",
            "[global::System.Diagnostics.CodeAnalysis.NotNull] ref string? text",
            "[global::System.Diagnostics.CodeAnalysis.AllowNull] ref string text",
            "[global::System.Diagnostics.CodeAnalysis.DisallowNull] string? text",
            "[global::System.Diagnostics.CodeAnalysis.MaybeNull] out T value",
            "[global::System.Diagnostics.CodeAnalysis.DoesNotReturn]",
            "[global::System.Diagnostics.CodeAnalysis.DoesNotReturnIf(false)] bool condition",
            "[global::System.Diagnostics.CodeAnalysis.NotNullWhen(false)] this string? text",
            "[global::System.Diagnostics.CodeAnalysis.UnscopedRef] out int value",
            "#nullable disable",
            "#pragma warning disable CS0612, CS0618",
            "public static unsafe int Read(int* pointer)", // a public target's interceptor is public (CrossAssemblyForwardingTests)
        })
        {
            Assert.Contains(expected, generated, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData("Obsolete", "3,40,3,6", new[] { "Warnings.Legacy.OldAdd(int, int)", "Warnings.Legacy.Older(int)", "Warnings.Legacy.Read(OldThing)", "Warnings.Legacy.Hidden(int)" })]
    [InlineData("NullableFlow", "v3:v3,missing,7,t,null,[],null,normalized,none,4,0,k,2", new[] { "Warnings.Flow.TryGet(int, out string)", "Warnings.Flow.IsMissing(string)", "Warnings.Flow.TryFind(int, out string)", "Warnings.Flow.TryPeek<T>(List<T>, out T)", "Warnings.Flow.Trim(string)", "Warnings.Flow.FirstOrNothing<T>(IEnumerable<T>)", "Warnings.Flow.Ensure(string)", "Warnings.Flow.Nothing<T>()", "Warnings.Flow.Normalize(ref string)", "Warnings.Flow.Assign(ref string, string)", "Warnings.Flow.Length(string)", "Warnings.Flow.Reset<T>(out T)", "Warnings.Flow.Check(bool, string)", "Warnings.Flow.First(string[], Dictionary<string, object>, (string Name, int Count))", "Warnings.Flow.Items()" })]
    [InlineData("NullableAsync", "given,null", new[] { "Warnings.Flow.MaybeAsync(bool)", "Warnings.Flow.MaybeAsync(bool)" })]
    [InlineData("DoesNotReturn", "no return", new[] { "Warnings.Flow.Fail(string)" })]
    [InlineData("Members", "6,5,secret,none", new[] { "Warnings.Holder.Load()", "Warnings.Holder.TryLoad(bool)", "Warnings.Holder.TrySecret(int, out string)", "Warnings.Holder.TrySecret(int, out string)", "Warnings.Holder.Throw(string)" })]
    [InlineData("RefSafety", "4,7", new[] { "Warnings.Slot.Ref()", "Warnings.Slot.Keep(out int)" })]
    [InlineData("GenericType", "2", new[] { "Warnings.Registry<T>.Add(T)", "Warnings.Registry<T>.Add(T)", "Warnings.Registry<T>.TryCount(T, out string)" })]
    [InlineData("ObliviousCode", "ab,True,o2,2,second,[h],s!", new[] { "Warnings.Oblivious.Join(string, string)", "Warnings.Oblivious.TryGet(int, out string)", "Warnings.Oblivious.Wrap(string, IDictionary<string, object>)", "Warnings.Oblivious.Pick<T>(T, T)", "Warnings.Oblivious.Hidden(string)", "Warnings.ObliviousInstance.Secret(string)" })]
    [InlineData("PointerCalls", "1,3,42,15,99,10,2,3", new[] { "Warnings.Pointers.Read(int*)", "Warnings.Pointers.Advance(int*, int)", "Warnings.Pointers.Call(delegate*<int, int>, int)", "Warnings.Pointers.CallNative(delegate* unmanaged[Cdecl]<int, int>, int)", "Warnings.Pointers.Fill(byte**, int, byte)", "Warnings.Pointers.Sum(int*, int)", "Warnings.Cursor.At(int*)", "Warnings.Cursor.Move(int*, int)" })]
    public void Both_builds_behave_alike_and_the_profiled_one_counts_every_call(string scenario, string expected, string[] calledMethods)
    {
        string plain = Invoke(s_plain.Value, scenario);
        SessionReport report;
        string profiled;
        using (ProfilingSession session = Profiler.StartSession("warnings " + scenario))
        {
            try
            {
                profiled = Invoke(s_profiled.Value, scenario);
            }
            finally
            {
                report = session.Stop();
            }
        }

        Assert.Equal(expected, plain);
        Assert.Equal(plain, profiled);
        foreach (IGrouping<string, string> method in calledMethods.GroupBy(m => m, StringComparer.Ordinal))
        {
            long calls = report.FindMethod(method.Key)?.Calls ?? 0;
            Assert.True(calls == method.Count(), $"{method.Key}: {calls} calls recorded, {method.Count()} made; probes: {string.Join(", ", report.Probes.Select(p => p.Name))}");
        }
    }

    [Fact]
    public void Calls_into_the_corpus_as_a_referenced_library_raise_no_warning_and_are_counted()
    {
        // A test project built with the flag probes the library it references: the targets come from metadata.
        const string Consumer = """
            #pragma warning disable CS0612, CS0618
            using System;
            using Warnings;

            namespace Consumer;

            public static class Calls
            {
                public static unsafe string Run()
                {
                    string got = Flow.TryGet(4, out string? value) ? value : "none";
                    string trimmed = Flow.Trim(" x ");
                    string? missing = Flow.TryFind(0, out string? found) ? found : null;
                    bool oblivious = Oblivious.TryGet(1, out string? text);
                    int x = 5;
                    string failed = "returned";
                    try
                    {
                        Flow.Fail("stop");
                    }
                    catch (InvalidOperationException e)
                    {
                        failed = e.Message;
                    }

                    return $"{got},{trimmed},{missing ?? "null"},{Legacy.OldAdd(2, 2)},{oblivious}{text},{Pointers.Read(&x)},{failed}";
                }
            }
            """;
        byte[] library = Emit(Build(profiling: true, "Warnings.Library"));
        CSharpCompilation compilation = GeneratorHarness.Compilation([Consumer], profiling: true, "Warnings.Consumer", [MetadataReference.CreateFromImage(library)]);
        compilation = compilation.WithOptions(compilation.Options.WithWarningLevel(9999).WithGeneralDiagnosticOption(ReportDiagnostic.Error));
        (Compilation consumer, GeneratorRunResult result, _) = GeneratorHarness.Run(compilation, profiling: true);

        Assert.Contains(result.GeneratedSources, source => source.HintName == "Warnings.Flow.Interceptors.g.cs");
        string[] problems = Problems(consumer);
        Assert.True(problems.Length == 0, string.Join("\n", problems) + "\n\n" + GeneratorHarness.GeneratedText(consumer));

        var context = new System.Runtime.Loader.AssemblyLoadContext("warnings-library", isCollectible: true);
        context.Resolving += (loader, name) => name.Name == "Warnings.Library" ? loader.LoadFromStream(new MemoryStream(library)) : null;
        try
        {
            Assembly assembly = context.LoadFromStream(new MemoryStream(Emit(consumer)));
            SessionReport report;
            object? value;
            using (ProfilingSession session = Profiler.StartSession("warnings referenced"))
            {
                value = assembly.GetType("Consumer.Calls")!.GetMethod("Run")!.Invoke(null, null);
                report = session.Stop();
            }

            Assert.Equal("v4,x,null,4,Trueo1,5,stop", value);
            foreach (string method in new[] { "Warnings.Flow.TryGet(int, out string)", "Warnings.Flow.Trim(string)", "Warnings.Flow.TryFind(int, out string)", "Warnings.Oblivious.TryGet(int, out string)", "Warnings.Flow.Fail(string)", "Warnings.Legacy.OldAdd(int, int)", "Warnings.Pointers.Read(int*)" })
            {
                Assert.True(report.FindMethod(method)?.Calls == 1, $"{method}: {report.FindMethod(method)?.Calls ?? 0} calls recorded, 1 made");
            }
        }
        finally
        {
            context.Unload();
        }
    }

    private static Compilation Build(bool profiling, string assemblyName)
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation([TestSources.Warnings], profiling, assemblyName);
        compilation = compilation.WithOptions(compilation.Options
            .WithWarningLevel(9999)
            .WithGeneralDiagnosticOption(ReportDiagnostic.Error));
        (Compilation output, _, ImmutableArray<Diagnostic> diagnostics) = GeneratorHarness.Run(compilation, profiling);
        Assert.Empty(diagnostics);
        return output;
    }

    /// <summary>Every diagnostic that is a warning, or was one before warnings became errors, or an error.</summary>
    private static string[] Problems(Compilation compilation) =>
        compilation.GetDiagnostics()
            .Where(d => d.Severity >= DiagnosticSeverity.Warning || d.IsWarningAsError || d.DefaultSeverity == DiagnosticSeverity.Warning)
            .Select(d => d.ToString())
            .ToArray();

    private static string[] AnalyzerProblems(Compilation compilation) =>
        Analyze(compilation)
            .Where(d => d.Severity >= DiagnosticSeverity.Warning || d.IsWarningAsError)
            .Select(d => d.ToString())
            .ToArray();

    /// <summary>Every analyzer the package ships, run as a build would run them (EdmProfiling as the build sets it).</summary>
    private static ImmutableArray<Diagnostic> Analyze(Compilation compilation)
    {
        ImmutableArray<DiagnosticAnalyzer> analyzers = typeof(ProfilingGenerator).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && typeof(DiagnosticAnalyzer).IsAssignableFrom(t) && t.GetCustomAttribute<DiagnosticAnalyzerAttribute>() is not null)
            .Select(t => (DiagnosticAnalyzer)Activator.CreateInstance(t)!)
            .ToImmutableArray();
        bool profiling = compilation.SyntaxTrees.First().Options.PreprocessorSymbolNames.Contains("EDM_PROFILING");
        var globals = new Dictionary<string, string>();
        if (profiling)
        {
            globals["build_property.EdmProfiling"] = "true";
        }

        var options = new AnalyzerOptions([], new TestAnalyzerOptions(globals));
        return compilation.WithAnalyzers(analyzers, options).GetAnalyzerDiagnosticsAsync().GetAwaiter().GetResult();
    }

    private static byte[] Emit(Compilation compilation)
    {
        using var stream = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics) + "\n\n" + GeneratorHarness.GeneratedText(compilation));
        return stream.ToArray();
    }

    private static string Invoke(Assembly assembly, string scenario)
    {
        CultureInfo culture = CultureInfo.CurrentCulture;
        CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
        try
        {
            MethodInfo method = assembly.GetType("Warnings.Scenarios")!.GetMethod(scenario) ?? throw new InvalidOperationException("No scenario " + scenario);
            return method.Invoke(null, null) switch
            {
                Task<string> task => task.GetAwaiter().GetResult(),
                string text => text,
                var other => throw new InvalidOperationException($"Scenario {scenario} returned {other}"),
            };
        }
        finally
        {
            CultureInfo.CurrentCulture = culture;
        }
    }
}
