using Edm.Profiling;
using Edm.Profiling.EventPipe;
using Edm.Profiling.SamplingFixture;

// in-process <session.json>   the workload in a session with the cpu-sampling backend, written to the file
// twice <a.json> <b.json>     two such sessions one after the other in this process
// no-probes <session.json>    a session with the sampler on that calls no probe
// allocations <session.json>  the allocation workload in a session with cpu-sampling and allocation-sampling
// allocation-ticks <session.json>  the same with allocation-sampling alone, asking for GCAllocationTick (as on .NET 8)
// gc <session.json>           Outer, then GcCollections induced gen-2 collections in a scope, with the gc backend
// precompiled <session.json>  PrecompiledWorkload (time spent in a precompiled CoreLib P/Invoke stub) with the cpu-sampling backend
// windowed <session.json>    Spinning (HotLoop 1.5 s in a probe) with the sampler on in 50 ms windows, a quarter of the time
// process                     the workload alone (edm-prof run --sample samples it from outside)
// precompiled-process         PrecompiledWorkload alone (edm-prof run --sample samples it from outside)
// reader-warm-up <trace>      on a new thread: the trace readers' warm-up, then <trace> and a made-up stream of every kind
//                             read; prints the JIT compilations the reading made on that thread after the warm-up
// thread-pool <session.json>  the allocation workload in a session with allocation-sampling and gc, then prints how
//                             many thread-pool threads the process has (none unless the session started the pool)
// warm-up-large-objects       the readers' warm-up, then a 200 KB array; prints the runtime's large-object allocation
//                             ticks meanwhile (1: the array's alone)
// native-addresses <ms>       prints where libc's getpid and the runtime's SystemNative_GetPid are in this process, in hex,
//                             then stays alive <ms> more (so a watcher of its memory map copies it once more)
// EDM_FIXTURE_START_SIGNAL=<file>: the workload waits until the file exists. Tests that sample the fixture from
// outside create it once their EventPipe session is on, so a loaded machine's late attach cannot miss the workload.
string mode = args.Length > 0 ? args[0] : "process";
WaitForStartSignal(Environment.GetEnvironmentVariable("EDM_FIXTURE_START_SIGNAL"));
switch (mode)
{
    case "in-process":
        Write(Sampled(Workload.Run), args[1]);
        break;
    case "twice":
        Write(Sampled(Workload.Run), args[1]);
        Write(Sampled(Workload.Run), args[2]);
        break;
    case "allocations":
        Write(Sampled(AllocationWorkload.Run, [CpuSamplingBackend.BackendName, AllocationSamplingBackend.BackendName]), args[1]);
        break;
    case "allocation-ticks":
        ProfilerBackends.Register(AllocationSamplingBackend.BackendName, () => new AllocationSamplingBackend(null, runtimeMajor: 8));
        Write(Sampled(AllocationWorkload.Run, [AllocationSamplingBackend.BackendName]), args[1]);
        break;
    case "precompiled":
        Write(Sampled(PrecompiledWorkload.Run), args[1]);
        break;
    case "precompiled-process":
        PrecompiledWorkload.Run();
        break;
    case "warm-up-large-objects":
        Console.WriteLine(WarmUpLargeObjects.Count());
        return 0;
    case "thread-pool":
        Write(Sampled(AllocationWorkload.Run, [AllocationSamplingBackend.BackendName, GcBackend.BackendName]), args[1]);
        Console.WriteLine($"thread-pool threads {ThreadPool.ThreadCount}");
        return 0;
    case "native-addresses":
        Console.WriteLine($"{NativeAddress("libc.so.6", "getpid"):x} {NativeAddress(Path.Combine(System.Runtime.InteropServices.RuntimeEnvironment.GetRuntimeDirectory(), "libSystem.Native.so"), "SystemNative_GetPid"):x}");
        Thread.Sleep(int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture));
        return 0;
    case "reader-warm-up":
        Console.WriteLine(ReaderWarmUp.CompiledAfterWarmUp(args[1]));
        return 0;
    case "windowed":
        Write(Sampled(() => Workload.Spinning(), duty: 0.25, window: TimeSpan.FromMilliseconds(50)), args[1]); // a lambda: a method group would not be probed
        break;
    case "no-probes":
        Write(Sampled(() => Workload.TopLevelLoop(Workload.TopLevelMilliseconds)), args[1]);
        break;
    case "gc":
        Write(Sampled(Workload.OuterThenCollections, [GcBackend.BackendName]), args[1]);
        break;
    default:
        Workload.Run();
        break;
}

Console.WriteLine(Workload.Sink + AllocationWorkload.Sink + PrecompiledWorkload.Sink);
return 0;

// Continuous sampling unless asked (duty 1): the shape checks count samples of 300 ms phases.
static SessionReport Sampled(Action work, string[]? backends = null, double duty = 1, TimeSpan window = default)
{
    var options = new SessionOptions
    {
        Backends = backends is { Length: > 0 } ? backends : [CpuSamplingBackend.BackendName],
        SamplingDuty = duty,
        SamplingWindow = window > TimeSpan.Zero ? window : SessionOptions.DefaultSamplingWindow,
    };
    using ProfilingSession session = Profiler.StartSession("sampling-fixture", options);
    work();
    return session.Stop();
}

static void Write(SessionReport report, string path) => SessionJson.WriteFile(report, path);

static ulong NativeAddress(string library, string function) =>
    (ulong)System.Runtime.InteropServices.NativeLibrary.GetExport(System.Runtime.InteropServices.NativeLibrary.Load(library), function);

static void WaitForStartSignal(string? path)
{
    var waited = System.Diagnostics.Stopwatch.StartNew();
    while (!string.IsNullOrEmpty(path) && !File.Exists(path))
    {
        if (waited.Elapsed > TimeSpan.FromMinutes(1))
        {
            throw new TimeoutException($"no start signal {path} within a minute");
        }

        Thread.Sleep(5);
    }
}
