using Edm.Profiling.Tests.Support;

namespace Edm.Profiling.Tests;

/// <summary><see cref="SessionOptions.MaxLayer"/>: a session can ask Detailed probes for timing only.</summary>
[Collection(ProfilerCollection.Name)]
public sealed class SessionLayerTests
{
    [Fact]
    public void A_lightweight_session_records_detailed_probes_without_allocations_and_the_next_session_records_them_again()
    {
        int registeredBefore = ProbeHarness.Register("LayerCapBefore", Layer.Detailed);

        SessionReport capped;
        int registeredDuring;
        using (ProfilingSession session = Profiler.StartSession("lightweight-cap", new SessionOptions { MaxLayer = Layer.Lightweight }))
        {
            registeredDuring = ProbeHarness.Register("LayerCapDuring", Layer.Detailed);
            ProbeHarness.Call(registeredBefore, () => GC.KeepAlive(new byte[4096]));
            ProbeHarness.Call(registeredDuring, () => GC.KeepAlive(new byte[4096]));
            using (Profiler.Scope("Tests.layer-cap scope"))
            {
                GC.KeepAlive(new byte[4096]);
            }

            capped = session.Stop();
        }

        Assert.Equal(Layer.Lightweight, capped.Settings.MaxLayer);
        Assert.Equal(1, capped.Method(registeredBefore).Calls);
        Assert.Null(capped.Method(registeredBefore).Allocations);
        Assert.Null(capped.Method(registeredDuring).Allocations);
        MethodStatistics? scope = capped.FindMethod("Tests.layer-cap scope");
        Assert.NotNull(scope);
        Assert.Null(scope.Allocations);

        using ProfilingSession detailed = Profiler.StartSession("detailed-again");
        ProbeHarness.Call(registeredBefore, () => GC.KeepAlive(new byte[4096]));
        ProbeHarness.Call(registeredDuring, () => GC.KeepAlive(new byte[4096]));
        SessionReport full = detailed.Stop();

        Assert.Equal(Profiler.MaxLayer, full.Settings.MaxLayer);
        if (Profiler.MaxLayer == Layer.Detailed)
        {
            Assert.True(full.Method(registeredBefore).Allocations?.AllocatedBytes >= 4096);
            Assert.True(full.Method(registeredDuring).Allocations?.AllocatedBytes >= 4096);
        }
    }
}
