using Microsoft.Diagnostics.Symbols;
using Microsoft.Diagnostics.Tracing.Etlx;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// A <c>.nettrace</c> file converted once with TraceEvent's <see cref="TraceLog"/> (which names code
/// addresses from the trace's method events and rundown): how a trace recorded to a file is read
/// (<c>edm-prof run --sample</c>, and in-process sessions that keep their <c>.nettrace</c>).
/// </summary>
internal sealed class ConvertedTrace : IDisposable
{
    private readonly string _etlxPath;
    private readonly SymbolReader _symbols;
    private readonly PrecompiledMethods? _precompiled;

    private ConvertedTrace(string etlxPath, TraceLog log, SymbolReader symbols, NativeModuleMap? processMap)
    {
        _etlxPath = etlxPath;
        Log = log;
        _symbols = symbols;
        // Native code is named through the memory map of the traced process: the copy taken while a traced
        // child ran (it has exited by now, and its process id may already be another process's), or the own
        // process's now (a kept in-process trace).
        bool own = log.Processes.Any(p => p.ProcessID == Environment.ProcessId);
        NativeModuleMap? modules = processMap ?? (own ? NativeModuleMap.OfProcess(Environment.ProcessId) : null);
        _precompiled = modules is null ? null : new PrecompiledMethods(modules);
        Frames = new TraceLogFrames(log, symbols, new TraceFrames(nativeModules: modules, precompiled: _precompiled));
    }

    /// <summary>The converted trace.</summary>
    internal TraceLog Log { get; }

    /// <summary>The frames its stacks name, shared by its readers.</summary>
    internal TraceLogFrames Frames { get; }

    /// <summary>Converts <paramref name="nettracePath"/> (into a temporary <c>.etlx</c> beside it, deleted on dispose).</summary>
    /// <param name="nettracePath">The trace.</param>
    /// <param name="processMap">The traced process's memory map, copied while it ran (<see cref="ProcessMapWatch"/>); null: the own process's, if it is the one traced.</param>
    internal static ConvertedTrace Open(string nettracePath, NativeModuleMap? processMap = null)
    {
        string etlxPath = nettracePath + ".etlx";
        TraceLog? log = null;
        try
        {
            TraceLog.CreateFromEventPipeDataFile(nettracePath, etlxPath, new TraceLogOptions { ConversionLog = TextWriter.Null, ContinueOnError = true });
            log = new TraceLog(etlxPath);
            var symbols = new SymbolReader(TextWriter.Null, Path.GetDirectoryName(Path.GetFullPath(nettracePath))!) { SecurityCheck = _ => true };
            return new ConvertedTrace(etlxPath, log, symbols, processMap);
        }
        catch
        {
            log?.Dispose();
            TryDelete(etlxPath);
            throw;
        }
    }

    /// <summary>One pass over the trace's events: its CPU samples and allocation events, stacks named.</summary>
    internal TraceReadout Read()
    {
        var tallies = new TraceTallies();
        TraceLogEventSource source = Log.Events.GetSource();
        tallies.Attach(source);
        source.Process();
        return tallies.Build(Frames);
    }

    public void Dispose()
    {
        _precompiled?.Dispose();
        _symbols.Dispose();
        Log.Dispose();
        TryDelete(_etlxPath);
    }

    internal static void TryDelete(string path)
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
}
