namespace Edm.Profiling.Tests;

/// <summary>The one parser of the run-time switches, which the runtime, edm-prof and the CommandLine integration share.</summary>
[Collection(ProfilerCollection.Name)] // the environment test sets variables that other tests of the collection read
public sealed class ProfilingSwitchesTests
{
    [Theory]
    [InlineData("0")]
    [InlineData("false")]
    [InlineData("FALSE")]
    [InlineData(" False ")]
    public void Off_is_0_or_false_in_any_case(string value)
    {
        Assert.True(ProfilingSwitches.IsOff(value));
        Assert.False(ProfilingSwitches.IsOn(value));
    }

    [Theory]
    [InlineData("1")]
    [InlineData("true")]
    [InlineData("True")]
    [InlineData(" TRUE ")]
    public void On_is_1_or_true_in_any_case(string value)
    {
        Assert.True(ProfilingSwitches.IsOn(value));
        Assert.False(ProfilingSwitches.IsOff(value));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("no")]
    [InlineData("2")]
    [InlineData("off")]
    public void Anything_else_is_neither_on_nor_off(string? value)
    {
        Assert.False(ProfilingSwitches.IsOn(value));
        Assert.False(ProfilingSwitches.IsOff(value));
    }

    [Theory]
    [InlineData("lightweight", Layer.Lightweight)]
    [InlineData(" LightWeight", Layer.Lightweight)]
    [InlineData("detailed", Layer.Detailed)]
    [InlineData("DETAILED ", Layer.Detailed)]
    public void Layers_parse_in_any_case_and_format_back(string text, Layer layer)
    {
        Assert.Equal(layer, ProfilingSwitches.ParseLayer(text));
        Assert.Equal(layer, ProfilingSwitches.ParseLayer(ProfilingSwitches.FormatLayer(layer)));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("light")]
    [InlineData("1")]
    public void A_layer_that_is_not_one_parses_to_null(string? text) => Assert.Null(ProfilingSwitches.ParseLayer(text));

    [Theory]
    [InlineData("0", 0)]
    [InlineData("1000", 1000)]
    [InlineData(" 64 ", 64)]
    [InlineData("-1", null)]
    [InlineData("1e3", null)]
    [InlineData("many", null)]
    [InlineData(null, null)]
    public void Counts_are_non_negative_integers(string? text, int? count)
    {
        Assert.Equal(count, ProfilingSwitches.ParseCount(text));
        if (count is { } value)
        {
            Assert.Equal(value, ProfilingSwitches.ParseCount(ProfilingSwitches.FormatCount(value)));
        }
    }

    [Fact]
    public void Options_from_the_environment_use_the_same_parsers()
    {
        string[] names = [ProfilingSwitches.TimelineVariable, ProfilingSwitches.ReservoirVariable, ProfilingSwitches.CpuSampleVariable, ProfilingSwitches.HeapIntervalVariable];
        string?[] before = names.Select(Environment.GetEnvironmentVariable).ToArray();
        try
        {
            Environment.SetEnvironmentVariable(ProfilingSwitches.TimelineVariable, "TRUE");
            Environment.SetEnvironmentVariable(ProfilingSwitches.ReservoirVariable, " 200 ");
            Environment.SetEnvironmentVariable(ProfilingSwitches.CpuSampleVariable, "0");
            Environment.SetEnvironmentVariable(ProfilingSwitches.HeapIntervalVariable, " 250 ");
            SessionOptions options = SessionOptions.FromEnvironment(new SessionOptions { CpuSampleInterval = 8 });
            Assert.True(options.RecordTimeline);
            Assert.Equal(200, options.SampleReservoirSize);
            Assert.Equal(8, options.CpuSampleInterval); // 0 is no interval: the default stays
            Assert.Equal(TimeSpan.FromMilliseconds(250), options.HeapSeriesInterval);

            Environment.SetEnvironmentVariable(ProfilingSwitches.HeapIntervalVariable, "0");
            Assert.Equal(SessionOptions.DefaultHeapSeriesInterval, SessionOptions.FromEnvironment().HeapSeriesInterval); // no interval: the default stays
        }
        finally
        {
            for (int i = 0; i < names.Length; i++)
            {
                Environment.SetEnvironmentVariable(names[i], before[i]);
            }
        }
    }
}
