namespace Edm.Profiling.EventPipe;

/// <summary>
/// Adds the CPU samples of a <c>.nettrace</c> file to a session: what the in-process backend does when
/// it stops, and what <c>edm-prof run --sample</c> does with the trace it recorded from outside.
/// </summary>
public static class CpuSampleMerge
{
    /// <summary><see cref="CpuSamples.Mode"/> of samples the program took of itself.</summary>
    public const string InProcess = "in-process";

    /// <summary><see cref="CpuSamples.Mode"/> of samples a tool took of the program from outside.</summary>
    public const string OutOfProcess = "out-of-process";

    /// <summary>
    /// <paramref name="report"/> with <see cref="SessionReport.CpuSamples"/> from <paramref name="nettracePath"/>,
    /// attributed to its call tree; a warning is added when the trace had samples without a stack.
    /// </summary>
    /// <param name="report">The session the samples were taken during.</param>
    /// <param name="nettracePath">An EventPipe trace with <c>Microsoft-DotNETCore-SampleProfiler</c> events.</param>
    /// <param name="mode"><see cref="InProcess"/> or <see cref="OutOfProcess"/>.</param>
    public static SessionReport AddSamples(SessionReport report, string nettracePath, string mode)
    {
        ArgumentNullException.ThrowIfNull(report);
        return AddSamples(report, NetTraceReader.Read(nettracePath), mode);
    }

    internal static SessionReport AddSamples(SessionReport report, SampledStacks stacks, string mode)
    {
        CpuSamples samples = SampleAttribution.Attribute(report, stacks, mode);
        var warnings = new List<string>(report.Warnings);
        if (stacks.SamplesWithoutStack > 0)
        {
            warnings.Add($"{stacks.SamplesWithoutStack:N0} CPU samples had no stack in the trace and are not counted.");
        }

        if (samples.RunningSamples + samples.WaitingSamples == 0)
        {
            warnings.Add("CPU sampling ran but the trace holds no sample: the session was too short, or the runtime dropped them.");
        }

        return report with { CpuSamples = samples, Warnings = warnings };
    }
}
