namespace Edm.Profiling.EventPipe.Tests;

public sealed class ProbeFrameMatcherTests
{
    [Theory]
    [InlineData("Shapes.Calc.Add(int32,int32)", "Shapes.Calc.Add")]
    [InlineData("Shapes.Calc.Add(int, int)", "Shapes.Calc.Add")]
    [InlineData("Shapes.Box`1[System.__Canon].Map[System.Int32](class System.Func`2<!0,!!0>)", "Shapes.Box.Map")]
    [InlineData("Shapes.Box<T>.Map<U>(Func<T, U>)", "Shapes.Box.Map")]
    [InlineData("Shapes.Helpers+Nested.Times4(int32)", "Shapes.Helpers.Nested.Times4")]
    [InlineData("Fixture.Workload.GenericWork(!!0[],int32)", "Fixture.Workload.GenericWork")]
    public void Runtime_and_probe_names_of_one_method_give_one_key(string name, string key) =>
        Assert.Equal(key, ProbeFrameMatcher.MethodKey(name));

    [Fact]
    public void A_frame_finds_its_probes_and_overloads_share_a_key_but_scopes_never_match()
    {
        var matcher = new ProbeFrameMatcher(
        [
            new ProbeInfo { Id = 0, Name = "Shapes.Calc.Add(int, int)" },
            new ProbeInfo { Id = 1, Name = "Shapes.Calc.Add(double, double)" },
            new ProbeInfo { Id = 2, Name = "Shapes.Calc.Sub(int, int)" },
            new ProbeInfo { Id = 3, Name = "Shapes.Calc.Add", Kind = ProbeKind.Scope },
        ]);

        Assert.Equal([0, 1], matcher.ProbesOf("Shapes.Calc.Add(float64,float64)"));
        Assert.Equal([2], matcher.ProbesOf("Shapes.Calc.Sub(int32,int32)"));
        Assert.Null(matcher.ProbesOf("Shapes.Calc.Mul(int32,int32)"));
        Assert.True(ProbeFrameMatcher.IsGenerated("Edm.Profiling.Generated.<File0>F1__CalcInterceptors.AddProbed(int32,int32)"));
        Assert.False(ProbeFrameMatcher.IsGenerated("Edm.Profiling.Probe.Enter(int32)"));
    }
}
