using Edm.Profiling;
using Edm.Profiling.EventPipe;
using Edm.Profiling.SamplingFixture;

// in-process <session.json>   the workload in a session with the cpu-sampling backend, written to the file
// twice <a.json> <b.json>     two such sessions one after the other in this process
// no-probes <session.json>    a session with the sampler on that calls no probe
// gc <session.json>           Outer, then GcCollections induced gen-2 collections in a scope, with the gc backend
// process                     the workload alone (edm-prof run --sample samples it from outside)
string mode = args.Length > 0 ? args[0] : "process";
switch (mode)
{
    case "in-process":
        Write(Sampled(Workload.Run), args[1]);
        break;
    case "twice":
        Write(Sampled(Workload.Run), args[1]);
        Write(Sampled(Workload.Run), args[2]);
        break;
    case "no-probes":
        Write(Sampled(() => Workload.TopLevelLoop(Workload.TopLevelMilliseconds)), args[1]);
        break;
    case "gc":
        Write(WithBackend(GcBackend.BackendName, Workload.OuterThenCollections), args[1]);
        break;
    default:
        Workload.Run();
        break;
}

Console.WriteLine(Workload.Sink);
return 0;

static SessionReport Sampled(Action work) => WithBackend(CpuSamplingBackend.BackendName, work);

static SessionReport WithBackend(string backend, Action work)
{
    using ProfilingSession session = Profiler.StartSession("sampling-fixture", new SessionOptions { Backends = [backend] });
    work();
    return session.Stop();
}

static void Write(SessionReport report, string path) => SessionJson.WriteFile(report, path);
