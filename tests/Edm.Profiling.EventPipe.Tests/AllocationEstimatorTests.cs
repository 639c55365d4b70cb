namespace Edm.Profiling.EventPipe.Tests;

/// <summary>The weights of one allocation event (docs/profiling.md, "Allocation sampling").</summary>
public sealed class AllocationEstimatorTests
{
    [Fact]
    public void A_sampled_object_weighs_its_size_over_its_chance_of_being_sampled()
    {
        // A 1-byte object is sampled with p = 1/102,400: it stands for 102,400 bytes and objects.
        (double bytes, double objects) = AllocationEstimator.Sampled(1);
        Assert.Equal(102_400, bytes, 1e-6);
        Assert.Equal(102_400, objects, 1e-6);

        // A 64 KiB chunk: chance 1 − (1 − p)^65,560 ≈ 0.4728, weight ≈ 138,654 bytes, 2.115 objects.
        (bytes, objects) = AllocationEstimator.Sampled(65_560);
        Assert.Equal(1 - Math.Pow(1 - (1 / 102_400.0), 65_560), AllocationEstimator.SampledProbability(65_560), 1e-12);
        Assert.InRange(bytes, 138_600, 138_700);
        Assert.Equal(65_560 * objects, bytes, 1e-6);

        // A huge object is always sampled: it stands for itself.
        (bytes, objects) = AllocationEstimator.Sampled(100_000_000);
        Assert.Equal((100_000_000, 1), (bytes, objects));
    }

    [Fact]
    public void The_weights_are_unbiased_over_many_simulated_objects()
    {
        // Simulate the runtime's coin per object (sampled with probability 1 − q^n) for 20 MB of 1 KB objects.
        var random = new Random(16);
        const int Size = 1_024, Count = 20_000;
        double estimate = 0;
        for (int i = 0; i < Count; i++)
        {
            if (random.NextDouble() < AllocationEstimator.SampledProbability(Size))
            {
                estimate += AllocationEstimator.Sampled(Size).Bytes;
            }
        }

        double truth = (double)Size * Count;
        Assert.InRange(estimate, truth - (4 * AllocationEstimator.MaxStandardError(truth)), truth + (4 * AllocationEstimator.MaxStandardError(truth)));
    }

    [Fact]
    public void A_tick_stands_for_the_bytes_since_the_previous_one_in_objects_of_the_size_that_crossed()
    {
        Assert.Equal((102_400.0, 1_600.0), AllocationEstimator.Tick(102_400, 64));
        Assert.Equal((102_400.0, 1.0), AllocationEstimator.Tick(102_400, 0));
    }
}
