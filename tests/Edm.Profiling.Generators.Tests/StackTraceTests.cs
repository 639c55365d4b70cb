using System.CodeDom.Compiler;
using System.Diagnostics;
using System.Reflection;
using Edm.Profiling.Generators.Tests.Support;

namespace Edm.Profiling.Generators.Tests;

/// <summary>
/// An exception thrown through a profiled call prints the same frames as without profiling: the
/// same program is built with and without EdmProfiling, run with a session, and the method names of
/// <c>exception.ToString()</c> compared, for a sync, an async, an iterator and a generic call.
/// </summary>
[Collection(ProfilerCollection.Name)]
public sealed class StackTraceTests
{
    private const string Source = """
        using System;
        using System.Collections.Generic;
        using System.Threading.Tasks;
        using Edm.Profiling;

        namespace Traces;

        public static class Lib
        {
            [Profile]
            public static int Fail(int value) => value > 0 ? throw new InvalidOperationException("sync") : value;

            [Profile]
            public static async Task<int> FailAsync(int value)
            {
                await Task.Yield();
                throw new InvalidOperationException("async " + value);
            }

            [Profile]
            public static IEnumerable<int> FailWhileIterating(int value)
            {
                yield return value;
                throw new InvalidOperationException("iterator");
            }

            [Profile]
            public static T FailGeneric<T>(T value) => throw new InvalidOperationException("generic " + value);
        }

        public static class Program
        {
            public static string Sync()
            {
                try { return Lib.Fail(1).ToString(); }
                catch (Exception e) { return e.ToString(); }
            }

            public static string Async() => AsyncCaller().GetAwaiter().GetResult();

            private static async Task<string> AsyncCaller()
            {
                try { return (await Lib.FailAsync(1)).ToString(); }
                catch (Exception e) { return e.ToString(); }
            }

            public static string Iterator()
            {
                try
                {
                    int sum = 0;
                    foreach (int item in Lib.FailWhileIterating(2)) { sum += item; }
                    return sum.ToString();
                }
                catch (Exception e) { return e.ToString(); }
            }

            public static string Generic()
            {
                try { return Lib.FailGeneric("x"); }
                catch (Exception e) { return e.ToString(); }
            }
        }
        """;

    private static readonly Lazy<Assembly> s_profiled = new(() => GeneratorHarness.Load([Source], profiling: true, "Traces.Profiled"));
    private static readonly Lazy<Assembly> s_plain = new(() => GeneratorHarness.Load([Source], profiling: false, "Traces.Plain"));

    [Theory]
    [InlineData("Sync", "Traces.Lib.Fail(int)")]
    [InlineData("Async", "Traces.Lib.FailAsync(int)")]
    [InlineData("Iterator", "Traces.Lib.FailWhileIterating(int)")]
    [InlineData("Generic", "Traces.Lib.FailGeneric<T>(T)")]
    public void An_exception_through_a_profiled_call_shows_the_frames_it_shows_without_profiling(string scenario, string probe)
    {
        string plain = Run(s_plain.Value, scenario);
        string profiled;
        using (ProfilingSession session = Profiler.StartSession("stack traces " + scenario))
        {
            profiled = Run(s_profiled.Value, scenario);
            SessionReport report = session.Stop();

            // The probe ran and saw the exception: the profiled path, not the inlined one that skips it.
            Assert.Equal(1, report.FindMethod(probe)?.FaultedCalls);
        }

        Assert.StartsWith("System.InvalidOperationException", plain, StringComparison.Ordinal);
        Assert.Contains("Traces.Lib.Fail", plain, StringComparison.Ordinal);
        Assert.Equal(Frames(plain), Frames(profiled));
    }

    [Fact]
    public void Generated_classes_say_which_tool_wrote_them_and_are_stepped_through()
    {
        Type[] generated = s_profiled.Value.GetTypes().Where(type => type.Namespace == "Edm.Profiling.Generated" && type.Name.Contains("Interceptors", StringComparison.Ordinal)).ToArray();
        Assert.NotEmpty(generated);
        foreach (Type type in generated)
        {
            GeneratedCodeAttribute? tool = type.GetCustomAttribute<GeneratedCodeAttribute>();
            Assert.NotNull(tool);
            Assert.Equal("Edm.Profiling.Generators", tool.Tool);
            Assert.Equal(typeof(ProfilingGenerator).Assembly.GetName().Version!.ToString(), tool.Version);
            Assert.NotNull(type.GetCustomAttribute<DebuggerStepThroughAttribute>());
            Assert.NotNull(type.GetCustomAttribute<StackTraceHiddenAttribute>());
        }
    }

    private static string Run(Assembly assembly, string scenario) =>
        (string)assembly.GetType("Traces.Program", throwOnError: true)!.GetMethod(scenario)!.Invoke(null, null)!;

    /// <summary>The "at …" lines of a printed exception, without file and line.</summary>
    private static List<string> Frames(string printed) => printed
        .Split('\n')
        .Select(line => line.Trim())
        .Where(line => line.StartsWith("at ", StringComparison.Ordinal))
        .Select(line => line.Contains(" in ", StringComparison.Ordinal) ? line[..line.IndexOf(" in ", StringComparison.Ordinal)] : line)
        .ToList();
}
