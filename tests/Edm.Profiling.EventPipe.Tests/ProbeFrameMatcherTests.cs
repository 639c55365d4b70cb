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

    [Fact]
    public void An_interceptor_frame_names_its_probe_by_type_and_method()
    {
        var matcher = new ProbeFrameMatcher(
        [
            new ProbeInfo { Id = 0, Name = "Edm.Tracks.Analysis.ShortTimeFourierTransform.TransformFrame(float[], int)" },
            new ProbeInfo { Id = 1, Name = "Shapes.Box<T>.Map<TResult>(Func<T, TResult>)" },
            new ProbeInfo { Id = 2, Name = "Shapes.Helpers.Nested.Times4(int)" },
        ]);

        Assert.Equal([0], matcher.ProbesOfInterceptor("Edm.Profiling.Generated.<ShortTimeFourierTransform_Interceptors_g>F3A1__ShortTimeFourierTransformInterceptors.TransformFrameProbed(float32[],int32)"));
        Assert.Equal([1], matcher.ProbesOfInterceptor("Edm.Profiling.Generated.<Box_1_Interceptors_g>F0__BoxInterceptors.MapProbed[System.__Canon,System.Int32](class Shapes.Box`1<!!0>,class System.Func`2<!!0,!!1>)"));
        Assert.Equal([2], matcher.ProbesOfInterceptor("Edm.Profiling.Generated.<F>F1__NestedInterceptors.Times4Probed(int32)"));
        Assert.Null(matcher.ProbesOfInterceptor("Edm.Profiling.Generated.<F>F1__NestedInterceptors.Times4(int32)")); // the inlined forwarder, not the probe
        Assert.Null(matcher.ProbesOfInterceptor("Edm.Profiling.Generated.<F>F1__CalcInterceptors.AddProbed(int32,int32)"));
    }

    [Fact]
    public void A_public_interceptor_class_of_a_library_names_its_probe_like_a_file_class()
    {
        // A flag-on library's interceptors for its public targets: {namespace, '_' for '.'}__{Type}Interceptors (docs/generator.md).
        var matcher = new ProbeFrameMatcher(
        [
            new ProbeInfo { Id = 0, Name = "Edm.Tracks.Analysis.ShortTimeFourierTransform.TransformFrame(float[], int)" },
            new ProbeInfo { Id = 1, Name = "Shapes.Helpers.Nested.Times4(int)" },
            new ProbeInfo { Id = 2, Name = "Calc.Add(int, int)" },
        ]);

        Assert.True(ProbeFrameMatcher.IsGenerated("Edm.Profiling.Generated.Edm_Tracks_Analysis__ShortTimeFourierTransformInterceptors.TransformFrameProbed(float32[],int32)"));
        Assert.Equal([0], matcher.ProbesOfInterceptor("Edm.Profiling.Generated.Edm_Tracks_Analysis__ShortTimeFourierTransformInterceptors.TransformFrameProbed(float32[],int32)"));
        Assert.Equal([1], matcher.ProbesOfInterceptor("Edm.Profiling.Generated.Shapes_Helpers__NestedInterceptors.Times4Probed(int32)"));
        Assert.Equal([1], matcher.ProbesOfInterceptor("Edm.Profiling.Generated.Shapes_Helpers_2__NestedInterceptors.Times4Probed(int32)")); // a second type that reads the same
        Assert.Equal([2], matcher.ProbesOfInterceptor("Edm.Profiling.Generated.Global__CalcInterceptors.AddProbed(int32,int32)")); // global namespace
        Assert.Null(matcher.ProbesOfInterceptor("Edm.Profiling.Generated.Edm_Tracks_Analysis__ShortTimeFourierTransformInterceptors.TransformFrame(float32[],int32)"));
    }
}
