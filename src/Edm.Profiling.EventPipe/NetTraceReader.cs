namespace Edm.Profiling.EventPipe;

/// <summary>
/// Reads the CPU samples of a <c>.nettrace</c> file (what <c>edm-prof run --sample</c> recorded): converts
/// it and counts its samples (<see cref="TraceTallies"/>).
/// </summary>
internal static class NetTraceReader
{
    /// <summary>The CPU samples of the <c>.nettrace</c> file <paramref name="nettracePath"/>.</summary>
    internal static SampledStacks Read(string nettracePath)
    {
        using ConvertedTrace trace = ConvertedTrace.Open(nettracePath);
        return trace.Read().Cpu;
    }
}
