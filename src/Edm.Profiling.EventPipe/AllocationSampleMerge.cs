namespace Edm.Profiling.EventPipe;

/// <summary>
/// Adds the allocation events of a <c>.nettrace</c> file to a session: what the in-process backend does
/// when it stops, and what <c>edm-prof run --sample</c> does with the trace it recorded from outside.
/// </summary>
public static class AllocationSampleMerge
{
    /// <summary>
    /// <paramref name="report"/> with <see cref="SessionReport.AllocationSamples"/> from <paramref name="nettracePath"/>,
    /// attributed to its call tree.
    /// </summary>
    /// <param name="report">The session the trace was recorded during.</param>
    /// <param name="nettracePath">An EventPipe trace with <c>AllocationSampled</c> or <c>GCAllocationTick</c> events.</param>
    /// <param name="mode"><see cref="CpuSampleMerge.InProcess"/> or <see cref="CpuSampleMerge.OutOfProcess"/>.</param>
    public static SessionReport AddAllocations(SessionReport report, string nettracePath, string mode)
    {
        ArgumentNullException.ThrowIfNull(report);
        using ConvertedTrace trace = ConvertedTrace.Open(nettracePath);
        return AddAllocations(report, trace.Read().Allocations, mode);
    }

    /// <summary>
    /// <paramref name="report"/> with both sections from one reading of <paramref name="nettracePath"/>:
    /// CPU samples and allocations (what <c>edm-prof run --sample</c> records).
    /// </summary>
    /// <param name="report">The session the trace was recorded during.</param>
    /// <param name="nettracePath">The trace.</param>
    /// <param name="mode"><see cref="CpuSampleMerge.InProcess"/> or <see cref="CpuSampleMerge.OutOfProcess"/>.</param>
    public static SessionReport AddSamplesAndAllocations(SessionReport report, string nettracePath, string mode) =>
        AddSamplesAndAllocations(report, nettracePath, mode, processMap: null);

    /// <summary>The same, naming native and precompiled code through <paramref name="processMap"/>, the traced process's memory map.</summary>
    internal static SessionReport AddSamplesAndAllocations(SessionReport report, string nettracePath, string mode, NativeModuleMap? processMap)
    {
        ArgumentNullException.ThrowIfNull(report);
        using ConvertedTrace trace = ConvertedTrace.Open(nettracePath, processMap);
        TraceReadout readout = trace.Read();
        report = CpuSampleMerge.AddSamples(report, readout.Cpu, mode);
        return AddAllocations(report, readout.Allocations, mode);
    }

    internal static SessionReport AddAllocations(SessionReport report, AllocationEvents events, string mode)
    {
        AllocationSamples samples = AllocationAttribution.Attribute(report, events, mode);
        var warnings = new List<string>(report.Warnings);
        if (events.EventsWithoutStack > 0)
        {
            warnings.Add($"{events.EventsWithoutStack:N0} allocation events had no stack in the trace: counted by type, under no probe or site.");
        }

        if (samples.Events == 0)
        {
            warnings.Add("Allocation sampling ran but the trace holds no allocation event: the session allocated less than about 100 KB, or the runtime dropped them.");
        }

        return report with { AllocationSamples = samples, Warnings = warnings };
    }
}
