using Microsoft.Diagnostics.NETCore.Client;

namespace Edm.Profiling.EventPipe.Tests;

/// <summary>What the shared EventPipe session asks the runtime for, by the backends it serves.</summary>
public sealed class SamplingProvidersTests
{
    [Fact]
    public void Cpu_sampling_alone_on_a_current_runtime_asks_for_no_event_stacks_but_keeps_the_sampler_and_the_rundown()
    {
        EventPipeSessionConfiguration configuration = SamplingProviders.For([CpuSamplingBackend.BackendName], runtimeMajor: 10);
        Assert.False(configuration.RequestStackwalk);
        Assert.True(configuration.RequestRundown);
        Assert.Equal(SamplingProviders.RundownKeywords, configuration.RundownKeyword);
        Assert.Contains(configuration.Providers, p => p.Name == SamplingProviders.SampleProfiler);
        EventPipeProvider runtime = Assert.Single(configuration.Providers, p => p.Name == SamplingProviders.Runtime);
        Assert.Equal(SamplingProviders.StackNamingKeywords, runtime.Keywords & SamplingProviders.StackNamingKeywords);
    }

    [Theory]
    [InlineData(10, new[] { "allocation-sampling" })]
    [InlineData(10, new[] { "cpu-sampling", "allocation-sampling" })]
    [InlineData(8, new[] { "cpu-sampling" })]   // before .NET 9 a session without stacks is refused
    [InlineData(0, new[] { "cpu-sampling" })]   // another process's runtime, not known beforehand
    public void Allocation_events_or_an_older_or_unknown_runtime_keep_event_stacks(int runtimeMajor, string[] backends)
    {
        Assert.True(SamplingProviders.For(backends, runtimeMajor).RequestStackwalk);
    }

    [Fact]
    public void An_in_process_session_with_event_stacks_leaves_the_JIT_events_to_the_rundown()
    {
        EventPipeSessionConfiguration configuration = SamplingProviders.For(["cpu-sampling", "allocation-sampling"], runtimeMajor: 10, endsWithRundown: true);
        Assert.True(configuration.RequestStackwalk);
        Assert.True(configuration.RequestRundown);
        Assert.Equal(SamplingProviders.RundownKeywords, configuration.RundownKeyword);
        EventPipeProvider runtime = Assert.Single(configuration.Providers, p => p.Name == SamplingProviders.Runtime);
        Assert.Equal(SamplingProviders.LoaderKeyword | SamplingProviders.AllocationSamplingKeyword, runtime.Keywords);
    }

    [Theory]
    [InlineData(10, false, new[] { "allocation-sampling" })] // another process: it may exit before any rundown
    [InlineData(0, false, new[] { "allocation-sampling" })]
    [InlineData(10, true, new[] { "cpu-sampling" })]         // no stack walks: the live JIT events cost little
    public void Other_processes_and_sessions_without_event_stacks_keep_the_JIT_events(int runtimeMajor, bool endsWithRundown, string[] backends)
    {
        EventPipeProvider runtime = Assert.Single(SamplingProviders.For(backends, runtimeMajor, endsWithRundown).Providers, p => p.Name == SamplingProviders.Runtime);
        Assert.Equal(SamplingProviders.StackNamingKeywords, runtime.Keywords & SamplingProviders.StackNamingKeywords);
    }

    [Fact]
    public void Backends_that_need_no_EventPipe_session_add_nothing_to_it()
    {
        EventPipeSessionConfiguration configuration = SamplingProviders.For([CpuSamplingBackend.BackendName, "gc", "io"], runtimeMajor: 10);
        Assert.False(configuration.RequestStackwalk);
        Assert.Equal(2, configuration.Providers.Count);
    }
}
