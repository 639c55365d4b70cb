using System.Runtime;
using Edm.Profiling.EventPipe;

namespace Edm.Profiling.SamplingFixture;

/// <summary>
/// Reads a real trace and a made-up stream of every kind on a new thread after the readers' warm-up, in a process
/// where nothing has read a trace before, counting the JIT compilations the reading makes on that thread.
/// </summary>
internal static class ReaderWarmUp
{
    /// <summary>"warm-up N, reading M": methods compiled on the reader thread by the warm-up and by the reading after it.</summary>
    internal static string CompiledAfterWarmUp(string tracePath)
    {
        string result = "";
        var reader = new Thread(() =>
        {
            // Made before counting: reading the file and writing the made-up stream are not the reader's code.
            byte[] trace = File.ReadAllBytes(tracePath);
            byte[] madeUp = SyntheticNetTrace.EveryKind(variant: 1);

            long before = JitInfo.GetCompiledMethodCount(currentThread: true);
            LiveReaderWarmUp.ForMainSession();
            LiveReaderWarmUp.ForSamplerWindows();
            long warmed = JitInfo.GetCompiledMethodCount(currentThread: true);

            var tallies = new LiveTallies();
            tallies.Read(new MemoryStream(trace, writable: false));
            new LiveTallies().Read(new MemoryStream(madeUp, writable: false));
            new WindowSamples().Read(new MemoryStream(trace, writable: false));
            new WindowSamples().Read(new MemoryStream(madeUp, writable: false));
            long read = JitInfo.GetCompiledMethodCount(currentThread: true);
            result = $"warm-up {warmed - before}, reading {read - warmed}, events {tallies.Events}, kinds {tallies.KindsRead}";
        });
        reader.Start();
        reader.Join();
        return result;
    }
}
