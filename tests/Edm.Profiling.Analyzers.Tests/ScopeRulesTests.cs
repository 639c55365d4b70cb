using Edm.Profiling.Analyzers.Tests.Support;
using Edm.Profiling.Generators.Diagnostics;

namespace Edm.Profiling.Analyzers.Tests;

/// <summary>EDM004: Profiler.Scope results that nobody disposes.</summary>
public sealed class ScopeRulesTests
{
    [Fact]
    public Task EDM004_fires_on_discarded_scopes_and_locals_never_disposed()
    {
        const string Source = """
            using Edm.Profiling;

            public static class Blocks
            {
                public static void Run()
                {
                    {|EDM004:Profiler.Scope("a")|};
                    _ = {|EDM004:Profiler.Scope("b")|};
                    var kept = {|EDM004:Profiler.Scope("c")|};
                    System.Console.WriteLine(kept.GetHashCode());
                }
            }
            """;
        return new ProfilingAnalyzerTest<ScopeDisposalAnalyzer>(Source).RunAsync();
    }

    [Fact]
    public Task EDM004_does_not_fire_on_scopes_that_are_disposed_or_handed_on()
    {
        const string Source = """
            using Edm.Profiling;

            public static class Blocks
            {
                public static void Run()
                {
                    using (Profiler.Scope("a"))
                    {
                    }

                    using var b = Profiler.Scope("b");
                    var c = Profiler.Scope("c");
                    try
                    {
                    }
                    finally
                    {
                        c.Dispose();
                    }
                }

                public static ProfilerScope Start() => Profiler.Scope("returned");

                public static void Pass() => Finish(Profiler.Scope("passed"));

                private static void Finish(ProfilerScope scope) => scope.Dispose();
            }
            """;
        return new ProfilingAnalyzerTest<ScopeDisposalAnalyzer>(Source).RunAsync();
    }
}
