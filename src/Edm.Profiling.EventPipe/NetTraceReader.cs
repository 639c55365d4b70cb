using Microsoft.Diagnostics.Symbols;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// Reads the CPU samples of a <c>.nettrace</c> file: converts it with TraceEvent's <see cref="TraceLog"/>
/// (which names code addresses from the trace's method events and rundown), groups identical stacks,
/// and resolves each frame's source line through the module's portable PDB where one is found beside it.
/// </summary>
internal static class NetTraceReader
{
    /// <summary>The sampler's own threads, in-process: they are the profiler at work, not the program.</summary>
    private const string OwnNamespace = "Edm.Profiling.EventPipe.";

    /// <summary>Sample types of <c>Thread/Sample</c>: 1 outside managed code, 2 running managed code.</summary>
    private const int External = 1;
    private const int Managed = 2;

    internal static SampledStacks Read(string nettracePath)
    {
        string etlxPath = nettracePath + ".etlx";
        try
        {
            TraceLog.CreateFromEventPipeDataFile(nettracePath, etlxPath, new TraceLogOptions { ConversionLog = TextWriter.Null, ContinueOnError = true });
            using var log = new TraceLog(etlxPath);
            return Read(log, Path.GetDirectoryName(Path.GetFullPath(nettracePath))!);
        }
        finally
        {
            TryDelete(etlxPath);
        }
    }

    private static SampledStacks Read(TraceLog log, string localDirectory)
    {
        // Distinct (stack, state) pairs first: TraceLog already shares identical stacks by index.
        var counts = new Dictionary<(int Stack, bool Running), long>();
        var lastSeen = new Dictionary<int, double>();
        var gaps = new List<double>();
        var result = new SampledStacks();
        foreach (TraceEvent e in log.Events)
        {
            if (e.ProviderName != SamplingProviders.SampleProfiler)
            {
                continue;
            }

            byte[] payload = e.EventData();
            int type = payload.Length >= 4 ? BitConverter.ToInt32(payload, 0) : 0;
            if (type is not (External or Managed))
            {
                continue;
            }

            if (lastSeen.TryGetValue(e.ThreadID, out double previous) && gaps.Count < 100_000)
            {
                gaps.Add(e.TimeStampRelativeMSec - previous);
            }

            lastSeen[e.ThreadID] = e.TimeStampRelativeMSec;
            CallStackIndex stack = e.CallStackIndex();
            if (stack == CallStackIndex.Invalid)
            {
                result.SamplesWithoutStack++;
                continue;
            }

            var key = ((int)stack, type == Managed);
            counts[key] = counts.GetValueOrDefault(key) + 1;
        }

        result.Threads = lastSeen.Count;
        result.IntervalNs = Median(gaps) is { } gap ? (long)Math.Round(gap * 1_000_000) : 1_000_000;

        using var symbols = new SymbolReader(TextWriter.Null, localDirectory) { SecurityCheck = _ => true };
        var frames = new FrameTable(result.Frames, symbols);
        foreach (((int stackIndex, bool running), long count) in counts)
        {
            TraceCallStack? stack = log.CallStacks[(CallStackIndex)stackIndex];
            var ids = new List<int>();
            var lines = new List<int>();
            bool own = false;
            for (; stack is not null; stack = stack.Caller)
            {
                (int id, int line) = frames.Resolve(stack.CodeAddress);
                own |= result.Frames[id].Name.StartsWith(OwnNamespace, StringComparison.Ordinal);
                ids.Add(id);
                lines.Add(line);
            }

            if (own || ids.Count == 0)
            {
                continue;
            }

            ids.Reverse();
            lines.Reverse();
            result.Stacks.Add(new SampledStack([.. ids], [.. lines], running, count));
        }

        return result;
    }

    private static double? Median(List<double> values)
    {
        if (values.Count == 0)
        {
            return null;
        }

        values.Sort();
        return values[values.Count / 2];
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A temporary file left behind is no reason to lose the samples.
        }
    }

    /// <summary>Frames by method (one per method, not per address), and each address's source line, resolved once.</summary>
    private sealed class FrameTable(List<StackFrame> frames, SymbolReader symbols)
    {
        private readonly Dictionary<string, int> _byName = new(StringComparer.Ordinal);
        private readonly Dictionary<CodeAddressIndex, (int Frame, int Line)> _byAddress = [];

        internal (int Frame, int Line) Resolve(TraceCodeAddress address)
        {
            if (_byAddress.TryGetValue(address.CodeAddressIndex, out var known))
            {
                return known;
            }

            string module = address.ModuleName;
            string name = address.FullMethodName is { Length: > 0 } method
                ? method
                : $"{GcPollFrames.NativeCode} {(module.Length > 0 ? module : "unknown module")}";
            string? file = null;
            int line = 0;
            if (address.Method is not null)
            {
                try
                {
                    if (address.GetSourceLine(symbols) is { LineNumber: > 0 } source)
                    {
                        line = source.LineNumber;
                        file = source.SourceFile?.BuildTimeFilePath;
                    }
                }
#pragma warning disable CA1031 // A PDB that cannot be read costs the line, not the sample.
                catch (Exception)
#pragma warning restore CA1031
                {
                }
            }

            if (!_byName.TryGetValue(name, out int id))
            {
                id = frames.Count;
                frames.Add(new StackFrame(name, module.Length > 0 ? module : null, file));
                _byName[name] = id;
            }
            else if (file is not null && frames[id].File is null)
            {
                frames[id] = frames[id] with { File = file };
            }

            var resolved = (id, line);
            _byAddress[address.CodeAddressIndex] = resolved;
            return resolved;
        }
    }
}
