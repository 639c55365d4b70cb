using System.Diagnostics.Tracing;
using Edm.Profiling.EventPipe;

namespace Edm.Profiling.SamplingFixture;

/// <summary>
/// Counts the runtime's large-object allocation ticks (<c>GCAllocationTick</c> of kind large: one each time about
/// 100 KB more has gone to the large object heap) while the readers' warm-up runs and one 200 KB array is allocated
/// after it, as the control. A warm-up that allocates no large object leaves the control's tick alone.
/// </summary>
internal static class WarmUpLargeObjects
{
    internal static string Count()
    {
        using var listener = new LargeAllocationTicks();
        LiveReaderWarmUp.ForMainSession();
        LiveReaderWarmUp.ForSamplerWindows();
        byte[] control = new byte[200_000];
        GC.KeepAlive(control);

        // The runtime hands events to listeners in batches: wait for the control's tick, then for stragglers.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (listener.Ticks == 0 && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            Thread.Sleep(10);
        }

        Thread.Sleep(500);
        return $"large-object ticks {listener.Ticks}";
    }

    private sealed class LargeAllocationTicks : EventListener
    {
        private const int GcAllocationTick = 10;
        private int _ticks;

        internal int Ticks => Volatile.Read(ref _ticks);

        protected override void OnEventSourceCreated(EventSource eventSource)
        {
            if (eventSource.Name == "Microsoft-Windows-DotNETRuntime")
            {
                EnableEvents(eventSource, EventLevel.Verbose, (EventKeywords)0x1); // GC
            }
        }

        protected override void OnEventWritten(EventWrittenEventArgs eventData)
        {
            int kind = eventData.PayloadNames?.IndexOf("AllocationKind") ?? -1;
            if (eventData.EventId == GcAllocationTick && kind >= 0 && Convert.ToInt32(eventData.Payload![kind], System.Globalization.CultureInfo.InvariantCulture) == 1)
            {
                Interlocked.Increment(ref _ticks);
            }
        }
    }
}
