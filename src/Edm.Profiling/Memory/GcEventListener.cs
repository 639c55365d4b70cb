#if NET
using System.Diagnostics.Tracing;
using System.Globalization;

namespace Edm.Profiling;

/// <summary>
/// An in-process <see cref="EventListener"/> on the runtime's own event source
/// (<c>Microsoft-Windows-DotNETRuntime</c>), GC keyword, Informational level: the same GC events an
/// EventPipe session gets, handed over by the runtime on its dispatch thread as decoded payloads, with
/// no diagnostic port, no stream and no parser. Passes the few events a collection's record needs to
/// a <see cref="GcEventCollector"/>.
/// </summary>
/// <remarks>
/// Event ids and payload names are the runtime's manifest (ClrEtwAll), the same on .NET 8 and 10:
/// <c>GCStart_V2</c> (1: <c>Count</c>, <c>Depth</c>, <c>Reason</c>, <c>Type</c>), <c>GCEnd_V1</c>
/// (2: <c>Count</c>), <c>GCRestartEEEnd_V1</c> (3), <c>GCHeapStats_V2</c> (4: <c>GenerationSize0</c>..4,
/// <c>TotalPromotedSize0</c>..4), <c>GCSuspendEEBegin_V1</c> (9). <c>GCPerHeapHistory</c> reaches a
/// listener without its per-generation array, so fragmentation comes from the runtime's record of the
/// collection (<see cref="GC.GetGCMemoryInfo(GCKind)"/>) when the listener sees its end.
/// Nothing here throws to the runtime's thread: a fault is kept and becomes the session's warning.
/// </remarks>
internal sealed class GcEventListener(GcEventCollector collector, EventClock clock) : EventListener
{
    internal const string RuntimeSourceName = "Microsoft-Windows-DotNETRuntime";

    private const EventKeywords GcKeyword = (EventKeywords)0x1;
    private const int GcStart = 1;
    private const int GcEnd = 2;
    private const int GcRestartEEEnd = 3;
    private const int GcHeapStats = 4;
    private const int GcSuspendEEBegin = 9;

    private static readonly string[] s_reasons =
    [
        "AllocSmall", "Induced", "LowMemory", "Empty", "AllocLarge", "OutOfSpaceSOH", "OutOfSpaceLOH", "InducedNotForced",
        "Internal", "InducedLowMemory", "InducedCompacting", "LowMemoryHost", "PMFullGC", "LowMemoryHostBlocking",
    ];

    private static readonly GCKind[] s_kinds = [GCKind.Any, GCKind.Ephemeral, GCKind.FullBlocking, GCKind.Background];
    private static readonly Func<long, long?> s_fragmentation = Fragmentation;

    // Field initializers run before the base constructor, which enables the events: one may arrive before a constructor body would run.
    private readonly GcEventCollector _collector = collector;
    private readonly EventClock _clock = clock;
    private volatile bool _runtimeEnabled;
    private string? _fault;

    /// <summary>The first fault met while handling an event, or null.</summary>
    internal string? Fault => Volatile.Read(ref _fault);

    /// <summary>Starts listening; throws <see cref="NotSupportedException"/> when the runtime's event source is not there (EventSource support trimmed or switched off).</summary>
    internal static GcEventListener Start(GcEventCollector collector, EventClock clock)
    {
        GcEventListener listener;

        // The runtime's dispatch task would otherwise carry the caller's execution context (and its AsyncLocals).
        using (ExecutionContext.SuppressFlow())
        {
            listener = new GcEventListener(collector, clock);
        }

        if (!listener._runtimeEnabled)
        {
            listener.Dispose();
            throw new NotSupportedException($"the runtime's event source ({RuntimeSourceName}) is not available in this process (EventSource support is off: the EventSourceSupport switch, or trimming)");
        }

        return listener;
    }

    protected override void OnEventSourceCreated(EventSource eventSource)
    {
        if (eventSource.Name == RuntimeSourceName)
        {
            EnableEvents(eventSource, EventLevel.Informational, GcKeyword);
            _runtimeEnabled = true;
        }
    }

    protected override void OnEventWritten(EventWrittenEventArgs eventData)
    {
        try
        {
            Handle(eventData);
        }
#pragma warning disable CA1031 // The runtime's dispatch thread serves every listener: a fault here is kept as a warning, never thrown to it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Interlocked.CompareExchange(ref _fault, $"{e.GetType().Name}: {e.Message}", null);
        }
    }

    private void Handle(EventWrittenEventArgs e)
    {
        switch (e.EventId)
        {
            case GcSuspendEEBegin:
                _collector.OnSuspending(_clock.ToStopwatch(e.TimeStamp));
                break;
            case GcStart:
                _collector.OnStart(Number(e, "Count"), (int)Number(e, "Depth"), ReasonName(Number(e, "Reason")), TypeName(Number(e, "Type")), _clock.ToStopwatch(e.TimeStamp));
                break;
            case GcRestartEEEnd:
                _collector.OnRestarted(_clock.ToStopwatch(e.TimeStamp));
                break;
            case GcEnd:
                _collector.OnEnd(Number(e, "Count"));
                break;
            case GcHeapStats:
                var heap = new HeapSizes
                {
                    Gen0Bytes = Number(e, "GenerationSize0"),
                    Gen1Bytes = Number(e, "GenerationSize1"),
                    Gen2Bytes = Number(e, "GenerationSize2"),
                    LohBytes = Number(e, "GenerationSize3"),
                    PohBytes = Number(e, "GenerationSize4"),
                };
                long promoted = Number(e, "TotalPromotedSize0") + Number(e, "TotalPromotedSize1") + Number(e, "TotalPromotedSize2")
                    + Number(e, "TotalPromotedSize3") + Number(e, "TotalPromotedSize4");
                _collector.OnHeapStats(_clock.ToStopwatch(e.TimeStamp), heap, promoted, s_fragmentation);
                break;
            default:
                break; // the GC keyword's other events (marks, segments, histories, finalizers): not needed
        }
    }

    /// <summary>A numeric payload field; 0 when this version of the event does not carry it (<c>GenerationSize4</c> before .NET 5).</summary>
    private static long Number(EventWrittenEventArgs e, string name)
    {
        int index = e.PayloadNames?.IndexOf(name) ?? -1;
        return index >= 0 && e.Payload is { } payload && index < payload.Count && payload[index] is IConvertible value
            ? value.ToInt64(CultureInfo.InvariantCulture)
            : 0;
    }

    /// <summary>Free space left inside the generations after collection <paramref name="number"/>, if the runtime's last record of some kind is still that one.</summary>
    private static long? Fragmentation(long number)
    {
        foreach (GCKind kind in s_kinds)
        {
            GCMemoryInfo info = GC.GetGCMemoryInfo(kind);
            if (info.Index == number)
            {
                return info.FragmentedBytes;
            }
        }

        return null;
    }

    /// <summary>The runtime's name for a reason (<c>Induced</c>, <c>AllocSmall</c>, ...), or its number when this list does not know it.</summary>
    internal static string ReasonName(long reason) =>
        reason >= 0 && reason < s_reasons.Length ? s_reasons[reason] : reason.ToString(CultureInfo.InvariantCulture);

    internal static string TypeName(long type) => type switch
    {
        0 => "NonConcurrent",
        1 => "Background",
        2 => "Foreground",
        _ => type.ToString(CultureInfo.InvariantCulture),
    };
}
#endif
