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
        string[] names = [ProfilingSwitches.TimelineVariable, ProfilingSwitches.ReservoirVariable, ProfilingSwitches.CpuSampleVariable, ProfilingSwitches.HeapIntervalVariable, ProfilingSwitches.SamplingDutyVariable];
        string?[] before = names.Select(Environment.GetEnvironmentVariable).ToArray();
        try
        {
            Environment.SetEnvironmentVariable(ProfilingSwitches.TimelineVariable, "TRUE");
            Environment.SetEnvironmentVariable(ProfilingSwitches.ReservoirVariable, " 200 ");
            Environment.SetEnvironmentVariable(ProfilingSwitches.CpuSampleVariable, "0");
            Environment.SetEnvironmentVariable(ProfilingSwitches.HeapIntervalVariable, " 250 ");
            Environment.SetEnvironmentVariable(ProfilingSwitches.SamplingDutyVariable, "1/3");
            SessionOptions options = SessionOptions.FromEnvironment(new SessionOptions { CpuSampleInterval = 8 });
            Assert.True(options.RecordTimeline);
            Assert.Equal(200, options.SampleReservoirSize);
            Assert.Equal(8, options.CpuSampleInterval); // 0 is no interval: the default stays
            Assert.Equal(TimeSpan.FromMilliseconds(250), options.HeapSeriesInterval);
            Assert.Equal(1.0 / 3, options.SamplingDuty, precision: 12);

            Environment.SetEnvironmentVariable(ProfilingSwitches.SamplingDutyVariable, "2");
            Assert.Equal(SessionOptions.DefaultSamplingDuty, SessionOptions.FromEnvironment().SamplingDuty); // not a duty: the default stays

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

    [Theory]
    [InlineData("30s", 30_000)]
    [InlineData(" 5m ", 300_000)]
    [InlineData("1.5m", 90_000)]
    [InlineData("500ms", 500)]
    [InlineData("2h", 7_200_000)]
    [InlineData("1d", 86_400_000)]
    [InlineData("00:00:30", 30_000)]
    [InlineData("1.00:00:00", 86_400_000)]
    [InlineData("0s", 0)]
    public void A_duration_is_a_number_with_a_unit_or_a_time_span(string value, long milliseconds)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), ProfilingSwitches.ParseDuration(value));
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), ProfilingSwitches.ParseDuration(ProfilingSwitches.FormatDuration(TimeSpan.FromMilliseconds(milliseconds))));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("30")]
    [InlineData("soon")]
    [InlineData("-5s")]
    [InlineData("5 parsecs")]
    [InlineData("-00:00:30")]
    [InlineData("1e400s")]
    public void Anything_else_is_not_a_duration(string? value) => Assert.Null(ProfilingSwitches.ParseDuration(value));

    [Theory]
    [InlineData("0s", "is zero")]
    [InlineData("every now and then", "is not a duration")]
    public void A_flush_interval_that_is_zero_or_nonsense_is_a_problem_to_report_not_an_exception(string value, string problem)
    {
        string? before = Environment.GetEnvironmentVariable(ProfilingSwitches.FlushIntervalVariable);
        Environment.SetEnvironmentVariable(ProfilingSwitches.FlushIntervalVariable, value);
        try
        {
            Assert.Null(ProfilingSwitches.ReadFlushInterval(out string? message));
            Assert.Contains(problem, message, StringComparison.Ordinal);
            Assert.Null(SessionOptions.FromEnvironment().FlushInterval);

            Environment.SetEnvironmentVariable(ProfilingSwitches.FlushIntervalVariable, "45s");
            Environment.SetEnvironmentVariable(ProfilingSwitches.MaxFilesVariable, "12");
            SessionOptions options = SessionOptions.FromEnvironment();
            Assert.Equal((TimeSpan.FromSeconds(45), 12), (options.FlushInterval, options.MaxFiles));
        }
        finally
        {
            Environment.SetEnvironmentVariable(ProfilingSwitches.FlushIntervalVariable, before);
            Environment.SetEnvironmentVariable(ProfilingSwitches.MaxFilesVariable, null);
        }
    }

    [Theory]
    [InlineData("0.25", 0.25)]
    [InlineData(" 25% ", 0.25)]
    [InlineData("1/4", 0.25)]
    [InlineData("1", 1.0)]
    [InlineData("100%", 1.0)]
    [InlineData("0.1", 0.1)]
    public void A_sampling_duty_is_a_decimal_a_percentage_or_a_fraction(string text, double duty) =>
        Assert.Equal(duty, ProfilingSwitches.ParseDuty(text)!.Value, precision: 12);

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("1.5")]
    [InlineData("-0.25")]
    [InlineData("1/0")]
    [InlineData("quarter")]
    [InlineData("0,25")]
    public void Anything_else_is_no_sampling_duty(string? text) => Assert.Null(ProfilingSwitches.ParseDuty(text));
}
