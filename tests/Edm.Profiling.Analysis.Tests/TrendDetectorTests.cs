namespace Edm.Profiling.Analysis.Tests;

public sealed class TrendDetectorTests
{
    private static double[] Noise(int seed, int count, double level = 1000, double relativeNoise = 0.02)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => level * (1 + (relativeNoise * ((2 * random.NextDouble()) - 1))))];
    }

    [Theory]
    [InlineData(1, 12)]
    [InlineData(2, 5)]
    [InlineData(3, 28)]
    public void A_step_inserted_at_a_known_commit_is_found_there(int seed, int stepAt)
    {
        double[] values = Noise(seed, 30);
        for (int i = stepAt; i < values.Length; i++)
        {
            values[i] *= 1.15;
        }

        Assert.Equal([stepAt], TrendDetector.FindSteps(values));
    }

    [Theory]
    [InlineData(10)]
    [InlineData(11)]
    [InlineData(12)]
    [InlineData(13)]
    public void Flat_noise_has_no_step(int seed)
    {
        Assert.Empty(TrendDetector.FindSteps(Noise(seed, 40, relativeNoise: 0.04)));
    }

    [Fact]
    public void A_spike_lasting_one_commit_is_not_a_step()
    {
        double[] values = Noise(20, 30);
        values[15] *= 1.5;
        Assert.Empty(TrendDetector.FindSteps(values));
    }

    [Fact]
    public void A_step_smaller_than_the_minimum_is_not_flagged_even_without_noise()
    {
        double[] values = [.. Enumerable.Repeat(1000.0, 10), .. Enumerable.Repeat(1010.0, 10)];
        Assert.Empty(TrendDetector.FindSteps(values, minimumStep: 0.05));
        Assert.Equal([10], TrendDetector.FindSteps(values, minimumStep: 0.005));
    }

    [Fact]
    public void A_step_up_and_a_later_step_down_are_both_found()
    {
        double[] values = Noise(30, 36);
        for (int i = 12; i < 24; i++)
        {
            values[i] *= 1.3;
        }

        Assert.Equal([12, 24], TrendDetector.FindSteps(values));
    }

    [Fact]
    public void Too_short_a_series_has_no_step()
    {
        Assert.Empty(TrendDetector.FindSteps([1.0, 2.0, 3.0]));
    }
}
