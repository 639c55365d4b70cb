using Edm.Profiling.Generators.Tests.Support;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace Edm.Profiling.Generators.Tests;

/// <summary>
/// The pipeline reuses its work: re-running on the same input, or after edits that touch no profiled
/// declaration and no call to one, leaves every tracked step Cached or Unchanged, so nothing is re-emitted.
/// </summary>
public sealed class CachingTests
{
    /// <summary>Every step the generator names, found by reflection: a new step cannot escape these tests.</summary>
    private static readonly string[] s_trackedSteps = typeof(TrackingNames)
        .GetFields(System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.Static)
        .Where(field => field.IsLiteral && field.FieldType == typeof(string))
        .Select(field => (string)field.GetRawConstantValue()!)
        .ToArray();

    [Fact]
    public void The_tracked_steps_are_found_by_reflection()
    {
        Assert.Contains(TrackingNames.CallSites, s_trackedSteps);
        Assert.Contains(TrackingNames.Faults, s_trackedSteps);
        Assert.Equal(s_trackedSteps.Length, s_trackedSteps.Distinct(StringComparer.Ordinal).Count());
    }

    private const string Unrelated = """
        namespace Other;
        public static class Helpers
        {
            public static int Double(int x) => x * 2;
            public static int Use() => Double(3) + System.Math.Abs(-1);
        }
        """;

    [Fact]
    public void A_second_run_on_the_same_compilation_is_fully_cached()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation([TestSources.Shapes, Unrelated], profiling: true);
        GeneratorDriver driver = GeneratorHarness.Driver(profiling: true).RunGenerators(compilation);
        GeneratorRunResult second = driver.RunGenerators(compilation.Clone()).GetRunResult().Results.Single();

        AssertAllReused(second);
    }

    [Fact]
    public void Adding_an_unrelated_file_reuses_every_step()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation([TestSources.Shapes, Unrelated], profiling: true);
        GeneratorDriver driver = GeneratorHarness.Driver(profiling: true).RunGenerators(compilation);
        SyntaxTree added = CSharpSyntaxTree.ParseText("namespace Added; public class Widget { public int Size() => 3; }", GeneratorHarness.ParseOptions(true), "/src/Added.cs");

        GeneratorRunResult result = driver.RunGenerators(compilation.AddSyntaxTrees(added)).GetRunResult().Results.Single();

        AssertAllReused(result);
        Assert.All(result.TrackedOutputSteps.SelectMany(step => step.Value).SelectMany(step => step.Outputs),
            output => Assert.Equal(IncrementalStepRunReason.Cached, output.Reason));
    }

    [Fact]
    public void Editing_a_method_body_in_a_file_without_profiled_calls_reuses_every_step()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation([TestSources.Shapes, Unrelated], profiling: true);
        GeneratorDriver driver = GeneratorHarness.Driver(profiling: true).RunGenerators(compilation);
        SyntaxTree old = compilation.SyntaxTrees.Single(t => t.FilePath == "/src/File1.cs");
        SyntaxTree edited = old.WithChangedText(old.GetText().Replace(old.ToString().IndexOf("x * 2", StringComparison.Ordinal), 5, "x + x"));

        GeneratorRunResult result = driver.RunGenerators(compilation.ReplaceSyntaxTree(old, edited)).GetRunResult().Results.Single();

        AssertAllReused(result);
    }

    [Fact]
    public void Adding_a_call_changes_only_the_file_of_its_target()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation([TestSources.Shapes, Unrelated], profiling: true);
        GeneratorDriver driver = GeneratorHarness.Driver(profiling: true).RunGenerators(compilation);
        SyntaxTree added = CSharpSyntaxTree.ParseText("public static class Caller { public static int Go() => Shapes.Calc.Add(1, 2); }", GeneratorHarness.ParseOptions(true), "/src/Caller.cs");

        GeneratorRunResult result = driver.RunGenerators(compilation.AddSyntaxTrees(added)).GetRunResult().Results.Single();

        var files = result.TrackedSteps[TrackingNames.InterceptorFiles].SelectMany(step => step.Outputs).ToList();
        var changed = files.Where(o => o.Reason is IncrementalStepRunReason.Modified or IncrementalStepRunReason.New).Select(o => ((Model.InterceptorFileSpec)o.Value).FileKey);
        Assert.Equal(["Shapes.Calc"], changed);
        Assert.All(files.Where(o => ((Model.InterceptorFileSpec)o.Value).FileKey != "Shapes.Calc"), o => Assert.Equal(IncrementalStepRunReason.Unchanged, o.Reason));
    }

    [Fact]
    public void Pipeline_values_hold_no_symbols_syntax_or_compilations()
    {
        CSharpCompilation compilation = GeneratorHarness.Compilation([TestSources.Shapes, Unrelated], profiling: true);
        GeneratorRunResult result = GeneratorHarness.Driver(profiling: true).RunGenerators(compilation).GetRunResult().Results.Single();

        int values = 0;
        foreach (string step in s_trackedSteps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), $"step {step} did not run");
            foreach (var output in result.TrackedSteps[step].SelectMany(run => run.Outputs))
            {
                values++;
                Assert.Empty(ModelGraph.ForbiddenObjects(output.Value));
            }
        }

        Assert.True(values > 20, $"only {values} values walked");
        Assert.NotEmpty(ModelGraph.ForbiddenObjects(compilation.SyntaxTrees[0].GetRoot()));
    }

    private static void AssertAllReused(GeneratorRunResult result)
    {
        foreach (string step in s_trackedSteps)
        {
            Assert.True(result.TrackedSteps.ContainsKey(step), $"step {step} did not run");
            foreach (var output in result.TrackedSteps[step].SelectMany(run => run.Outputs))
            {
                Assert.True(
                    output.Reason is IncrementalStepRunReason.Cached or IncrementalStepRunReason.Unchanged,
                    $"{step} output was {output.Reason}: {output.Value}");
            }
        }
    }
}
