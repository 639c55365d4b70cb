namespace Edm.Profiling.Analysis.Tests.Reporting.Support;

/// <summary>
/// Sessions recorded by the real runtime (probes registered and called the way generated
/// interceptors call them, plus <see cref="Profiler.Scope(string, Layer)"/> blocks), and sessions
/// built as records where a test needs exact figures.
/// </summary>
internal static class SampleSessions
{
    /// <summary>A scope whose name is markup: it must show as text and never run.</summary>
    public const string ScriptName = "<script>alert(1)</script>";

    /// <summary>A name with the folded-stack separator, an escape character, a line break and a placeholder-like token.</summary>
    public const string AwkwardName = "Parse;Tokens 100% {{SCRIPT}}\n</script><img src=x onerror=alert(2)>";

    private static readonly Lazy<SessionReport> s_withTimeline = new(() => Record("sample with timeline", timeline: true));
    private static readonly Lazy<SessionReport> s_withoutTimeline = new(() => Record("sample", timeline: false));

    /// <summary>A session with a timeline: three threads, nested calls, recursion, an async call, Detailed scopes.</summary>
    public static SessionReport WithTimeline => s_withTimeline.Value;

    /// <summary>
    /// <see cref="WithTimeline"/> with a <c>gc</c> section as the backend writes it: three collections
    /// (gen0, gen1, an induced gen2) with the heap after each, and readings every tenth of the session.
    /// </summary>
    public static SessionReport WithGc => WithTimeline with { Gc = GcOver(WithTimeline.DurationNs) };

    private static GcActivity GcOver(long durationNs)
    {
        HeapSizes Heap(long scale) => new() { Gen0Bytes = 1 << 20, Gen1Bytes = scale * (2 << 20), Gen2Bytes = scale * (4 << 20), LohBytes = 8 << 20, PohBytes = 1 << 16 };
        long At(double share) => (long)(durationNs * share);
        GcEvent[] collections =
        [
            new() { Number = 1, Generation = 0, Reason = "AllocSmall", Type = "NonConcurrent", StartNs = At(0.25), PauseNs = At(0.01), HeapAfter = Heap(1), PromotedBytes = 1 << 20 },
            new() { Number = 2, Generation = 1, Reason = "AllocSmall", Type = "NonConcurrent", StartNs = At(0.5), PauseNs = At(0.02), HeapAfter = Heap(2), PromotedBytes = 2 << 20 },
            new() { Number = 3, Generation = 2, Reason = "Induced", Type = "NonConcurrent", StartNs = At(0.75), PauseNs = At(0.03), HeapAfter = Heap(3), PromotedBytes = 3 << 20, FragmentationBytes = 4096 },
        ];
        var series = new List<HeapPoint>();
        for (int i = 0; i <= 10; i++)
        {
            series.Add(new HeapPoint { AtNs = At(i / 10.0), ManagedBytes = (20 + i) << 20, WorkingSetBytes = (60 + i) << 20 });
        }

        series.AddRange(collections.Select(c => new HeapPoint { AtNs = c.StartNs + c.PauseNs, ManagedBytes = 30 << 20, Generations = c.HeapAfter }));
        return new GcActivity { Source = "eventpipe", SeriesIntervalNs = At(0.1), Collections = collections, HeapSeries = [.. series.OrderBy(p => p.AtNs)] };
    }

    /// <summary>The same workload without a timeline.</summary>
    public static SessionReport WithoutTimeline => s_withoutTimeline.Value;

    private static SessionReport Record(string name, bool timeline)
    {
        lock (typeof(SampleSessions))
        {
            int analyze = Probe.Register(new ProbeDescriptor("Edm.Tracks.Analyzer.Analyze(String)") { Layer = Layer.Detailed, File = "src/Analyzer.cs", Line = 12 });
            int fft = Probe.Register(new ProbeDescriptor("Edm.Tracks.Fft.Transform(Double[])"));
            int tempo = Probe.Register(new ProbeDescriptor("Edm.Tracks.Tempo.Estimate(Double[])"));
            int recurse = Probe.Register(new ProbeDescriptor("Edm.Tracks.Tree.Walk(Int32)"));
            int awkward = Probe.Register(new ProbeDescriptor(AwkwardName));
            int load = Probe.Register(new ProbeDescriptor("Edm.Tracks.Loader.LoadAsync(String)") { Kind = ProbeKind.AsyncMethod });

            using ProfilingSession session = Profiler.StartSession(name, new SessionOptions { RecordTimeline = timeline, CpuSampleInterval = 1 });
            void Walk(int depth) => Call(recurse, () =>
            {
                Spin(200);
                if (depth > 0)
                {
                    Walk(depth - 1);
                }
            });

            void Work()
            {
                Call(analyze, () =>
                {
                    Call(fft, () => Spin(4_000));
                    Call(tempo, () =>
                    {
                        Spin(1_000);
                        Call(fft, () => Spin(2_000));
                    });
                    Walk(3);
                    Call(awkward, () => Spin(300));
                    using (Profiler.Scope(ScriptName))
                    {
                        GC.KeepAlive(new byte[1024]);
                        Spin(300);
                    }
                });
            }

            Work();
            var workers = Enumerable.Range(1, 2).Select(i => new Thread(Work) { Name = $"worker {i}" }).ToList();
            workers.ForEach(t => t.Start());
            workers.ForEach(t => t.Join());
            CallAsync(load, async () =>
            {
                await Task.Yield();
                Call(fft, () => Spin(500));
            }).GetAwaiter().GetResult();

            return session.Stop();
        }
    }

    private static void Call(int probeId, Action body)
    {
        ProbeFrame frame = Probe.Enter(probeId);
        try
        {
            body();
        }
        catch (Exception) when (Probe.Faulted(ref frame))
        {
            throw;
        }
        finally
        {
            Probe.Exit(ref frame);
        }
    }

    private static Task CallAsync(int probeId, Func<Task> body)
    {
        ProbeFrame frame = Probe.EnterAsync(probeId);
        try
        {
            return Probe.Complete(body(), ref frame);
        }
        catch (Exception) when (Probe.Faulted(ref frame))
        {
            throw;
        }
        finally
        {
            Probe.ExitAsync(ref frame);
        }
    }

    /// <summary>Work the JIT cannot remove, so every call lasts a little.</summary>
    private static void Spin(int iterations)
    {
        double x = 1;
        for (int i = 0; i < iterations; i++)
        {
            x = Math.Sqrt(x + i);
        }

        GC.KeepAlive(x);
    }

    // ---- records with exact figures ---------------------------------------------------------

    /// <summary>A session whose figures are known: main(100) → parse(60; self 45) → lex(15), main → emit(30).</summary>
    public static SessionReport Exact(TimelineData? timeline = null) => new()
    {
        Name = "exact",
        StartedAt = new DateTimeOffset(2025, 1, 2, 3, 4, 5, TimeSpan.Zero),
        DurationNs = 1_000_000,
        Environment = new EnvironmentInfo { Os = "Linux", Runtime = ".NET 10", CpuModel = "test", LogicalCores = 2, BuildConfiguration = "Release", StopwatchFrequency = 1_000_000_000, MachineFingerprint = "f" },
        Settings = new SessionSettings { MaxLayer = Layer.Detailed, CpuSampleInterval = 64, RecordTimeline = timeline is not null, TimelineCapacity = 1_000_000, TimestampFrequency = 1_000_000_000 },
        Probes =
        [
            new ProbeInfo { Id = 0, Name = "App.Main()" },
            new ProbeInfo { Id = 1, Name = "App.Parse(String)", Category = "parsing" },
            new ProbeInfo { Id = 2, Name = "App.Lex;Scan" },
            new ProbeInfo { Id = 3, Name = "App.Emit()", Layer = Layer.Detailed },
            new ProbeInfo { Id = 4, Name = "App.LoadAsync()", Kind = ProbeKind.AsyncMethod },
        ],
        Methods =
        [
            Method(0, calls: 1, inclusive: 100_000, self: 10_000),
            Method(1, calls: 2, inclusive: 60_000, self: 45_000),
            Method(2, calls: 4, inclusive: 15_000, self: 15_000),
            Method(3, calls: 1, inclusive: 30_000, self: 30_000) with
            {
                Allocations = new AllocationStatistics { Calls = 1, AllocatedBytes = 4096, SelfAllocatedBytes = 4096 },
                Cpu = new CpuStatistics { SampledCalls = 1, SampledWallNs = 30_000, SampledCpuNs = 12_000, OffCpuShare = 0.6 },
            },
        ],
        CallTree =
        [
            new CallTreeNode { Id = 0, ProbeId = 0, Calls = 1, InclusiveNs = 100_000, SelfNs = 10_000 },
            new CallTreeNode { Id = 1, ParentId = 0, ProbeId = 1, Calls = 2, InclusiveNs = 60_000, SelfNs = 45_000 },
            new CallTreeNode { Id = 2, ParentId = 1, ProbeId = 2, Calls = 4, InclusiveNs = 15_000, SelfNs = 15_000 },
            new CallTreeNode { Id = 3, ParentId = 0, ProbeId = 3, Calls = 1, InclusiveNs = 30_000, SelfNs = 30_000, AllocatedBytes = 4096, SelfAllocatedBytes = 4096 },
        ],
        Timeline = timeline,
    };

    /// <summary>
    /// <see cref="Exact"/> with CPU samples every 1 µs: under App.Parse(String) (self 45 µs), 20 running
    /// samples in Lib.Tokenize (5 its own, 15 in String.Split); under (outside probes), 8 running samples in
    /// App.Loop() below Main() and 100 waiting in Main() itself.
    /// </summary>
    public static SessionReport WithCpuSamples() => Exact() with
    {
        CpuSamples = new CpuSamples
        {
            Source = "eventpipe",
            Mode = "in-process",
            IntervalNs = 1_000,
            Threads = 2,
            RunningSamples = 28,
            WaitingSamples = 100,
            Frames =
            [
                new SampledFrame { Name = "Lib.Tokenize(class System.String)", Module = "Lib", File = "/src/Lib/Tokenizer.cs" },
                new SampledFrame { Name = "System.String.Split(wchar)", Module = "System.Private.CoreLib" },
                new SampledFrame { Name = "Main()", Module = "App" },
                new SampledFrame { Name = "App.Loop()", Module = "App", File = "/src/App/Program.cs" },
            ],
            Paths =
            [
                new SampledPath { CallTreeNodeId = 1, RunningSamples = 20, WaitingSamples = 0 },
                new SampledPath { RunningSamples = 8, WaitingSamples = 100 },
            ],
            Nodes =
            [
                new SampledNode { Id = 0, CallTreeNodeId = 1, FrameId = 0, RunningSamples = 20, SelfRunningSamples = 5, Lines = [new SampledLine { Line = 40, Samples = 4 }, new SampledLine { Line = 42, Samples = 16 }] },
                new SampledNode { Id = 1, ParentId = 0, CallTreeNodeId = 1, FrameId = 1, RunningSamples = 15, SelfRunningSamples = 15 },
                new SampledNode { Id = 2, FrameId = 2, RunningSamples = 8, WaitingSamples = 100, SelfWaitingSamples = 100 },
                new SampledNode { Id = 3, ParentId = 2, FrameId = 3, RunningSamples = 8, SelfRunningSamples = 8, Lines = [new SampledLine { Line = 7, Samples = 8 }] },
            ],
        },
    };

    /// <summary>KiB, the unit of <see cref="WithAllocationSamples"/>.</summary>
    public const long KiB = 1024;

    /// <summary>
    /// <see cref="Exact"/> with allocation samples (1,000 KiB in all): App.Main() 50 KiB of byte[] itself;
    /// under App.Parse(String) (600 KiB) 100 KiB of App.Token itself and 500 KiB of String in Lib.Tokenize
    /// (200 KiB its own, 300 KiB in String.Split); App.Emit() 250 KiB of byte[]; under (outside probes)
    /// 100 KiB of String in App.Loop().
    /// </summary>
    public static SessionReport WithAllocationSamples() => Exact() with
    {
        AllocationSamples = new AllocationSamples
        {
            Source = "AllocationSampled",
            Mode = "in-process",
            MeanIntervalBytes = 102_400,
            Events = 10,
            EstimatedBytes = 1_000 * KiB,
            EstimatedObjects = 5_000,
            Types =
            [
                new AllocatedType { Name = "System.String", EstimatedBytes = 600 * KiB, EstimatedObjects = 4_000, Events = 6 },
                new AllocatedType { Name = "System.Byte[]", EstimatedBytes = 300 * KiB, EstimatedObjects = 3, Events = 3 },
                new AllocatedType { Name = "App.Token", EstimatedBytes = 100 * KiB, EstimatedObjects = 997, Events = 1 },
            ],
            Sites =
            [
                new AllocationSite { Method = "Lib.Tokenize(class System.String)", File = "/src/Lib/Tokenizer.cs", Line = 42, TopType = "System.String", EstimatedBytes = 500 * KiB, EstimatedObjects = 3_000, Events = 5 },
                new AllocationSite { Method = "App.Emit()", File = "/src/App/Emit.cs", Line = 9, TopType = "System.Byte[]", EstimatedBytes = 250 * KiB, EstimatedObjects = 2, Events = 2 },
                new AllocationSite { Method = "App.Parse(String)", File = "/src/App/Parse.cs", Line = 5, TopType = "App.Token", EstimatedBytes = 100 * KiB, EstimatedObjects = 997, Events = 1 },
                new AllocationSite { Method = "App.Loop()", File = "/src/App/Program.cs", Line = 7, TopType = "System.String", EstimatedBytes = 100 * KiB, EstimatedObjects = 1_000, Events = 1 },
                new AllocationSite { Method = "App.Main()", TopType = "System.Byte[]", EstimatedBytes = 50 * KiB, EstimatedObjects = 1, Events = 1 },
            ],
            Probes =
            [
                new ProbeAllocations
                {
                    ProbeId = 0, EstimatedBytes = 900 * KiB, SelfEstimatedBytes = 50 * KiB,
                    TopTypes = [Type("System.String", 500), Type("System.Byte[]", 300), Type("App.Token", 100)],
                    TopSites = [new AllocationSite { Method = "Lib.Tokenize(class System.String)", File = "/src/Lib/Tokenizer.cs", Line = 42, TopType = "System.String", EstimatedBytes = 500 * KiB }],
                },
                new ProbeAllocations
                {
                    ProbeId = 1, EstimatedBytes = 600 * KiB, SelfEstimatedBytes = 600 * KiB,
                    TopTypes = [Type("System.String", 500), Type("App.Token", 100)],
                    TopSites = [new AllocationSite { Method = "Lib.Tokenize(class System.String)", File = "/src/Lib/Tokenizer.cs", Line = 42, TopType = "System.String", EstimatedBytes = 500 * KiB }],
                },
                new ProbeAllocations { ProbeId = 3, EstimatedBytes = 250 * KiB, SelfEstimatedBytes = 250 * KiB, TopTypes = [Type("System.Byte[]", 250)] },
            ],
            Paths =
            [
                new AllocationPath { CallTreeNodeId = 0, EstimatedBytes = 50 * KiB, TopType = "System.Byte[]" },
                new AllocationPath { CallTreeNodeId = 1, EstimatedBytes = 600 * KiB, TopType = "System.String" },
                new AllocationPath { CallTreeNodeId = 3, EstimatedBytes = 250 * KiB, TopType = "System.Byte[]" },
                new AllocationPath { EstimatedBytes = 100 * KiB, TopType = "System.String" },
            ],
            Frames =
            [
                new SampledFrame { Name = "Lib.Tokenize(class System.String)", Module = "Lib", File = "/src/Lib/Tokenizer.cs" },
                new SampledFrame { Name = "System.String.Split(wchar)", Module = "System.Private.CoreLib" },
                new SampledFrame { Name = "App.Loop()", Module = "App", File = "/src/App/Program.cs" },
            ],
            Nodes =
            [
                new AllocationNode { Id = 0, CallTreeNodeId = 1, FrameId = 0, EstimatedBytes = 500 * KiB, SelfEstimatedBytes = 200 * KiB, TopType = "System.String" },
                new AllocationNode { Id = 1, ParentId = 0, CallTreeNodeId = 1, FrameId = 1, EstimatedBytes = 300 * KiB, SelfEstimatedBytes = 300 * KiB, TopType = "System.String" },
                new AllocationNode { Id = 2, FrameId = 2, EstimatedBytes = 100 * KiB, SelfEstimatedBytes = 100 * KiB, TopType = "System.String" },
            ],
        },
    };

    private static AllocatedType Type(string name, long kib) => new() { Name = name, EstimatedBytes = kib * KiB, EstimatedObjects = kib, Events = 1 };

    /// <summary>
    /// <see cref="Exact"/> where the build left uses unprobed: App.Parse(String) was also passed as a
    /// delegate twice and called once through base; App.LoadAsync() was only ever passed as a delegate.
    /// </summary>
    public static SessionReport WithUnprobedSites()
    {
        SessionReport exact = Exact();
        return exact with
        {
            Probes = [.. exact.Probes.Select(p => p.Id switch
            {
                1 => p with { UnprobedCallSites = [new UnprobedSiteCount("BaseCall", 1), new UnprobedSiteCount("MethodGroup", 2)] },
                4 => p with { UnprobedCallSites = [new UnprobedSiteCount("MethodGroup", 1)] },
                _ => p,
            })],
        };
    }

    /// <summary>The timeline of <see cref="Exact"/> on one thread, and an async span that overlaps main.</summary>
    public static TimelineData ExactTimeline() => new()
    {
        DroppedEvents = 6,
        Threads =
        [
            new TimelineThread
            {
                ThreadId = 7,
                Name = "main thread",
                //          main    parse   lex     lex     parse   emit    emit     main
                AtNs = [1_000, 2_000, 3_500, 18_500, 62_000, 65_000, 95_000, 101_000],
                ProbeIds = [0, 1, 2, 2, 1, 3, 3, 0],
                Kinds = "EEEXXEXX",
            },
        ],
        AsyncSpans = [new AsyncSpan { ProbeId = 4, StartNs = 50_000, EndNs = 250_000 }],
    };

    /// <summary>
    /// Two threads that had managed thread id 1 one after the other (the runtime hands a dead thread's
    /// id to a new one): the first left a scope open until the end, the second ran a call that began
    /// before that scope and ended inside it. Each thread nests; on one track the two would overlap.
    /// </summary>
    public static TimelineData ReusedThreadIdTimeline() => new()
    {
        Threads =
        [
            new TimelineThread { ThreadId = 1, Name = "worker", AtNs = [2_000], ProbeIds = [1], Kinds = "E" },
            new TimelineThread { ThreadId = 1, AtNs = [1_500, 3_000], ProbeIds = [2, 2], Kinds = "EX" },
            new TimelineThread { ThreadId = 2, AtNs = [1_000, 4_000], ProbeIds = [0, 0], Kinds = "EX" },
        ],
    };

    private static MethodStatistics Method(int probe, long calls, long inclusive, long self) => new()
    {
        ProbeId = probe,
        Calls = calls,
        InclusiveNs = inclusive,
        SelfNs = self,
        TotalNs = inclusive,
        MinNs = inclusive / calls,
        MaxNs = inclusive / calls,
        MeanNs = inclusive / calls,
        P50Ns = inclusive / calls,
        P90Ns = inclusive / calls,
        P99Ns = inclusive / calls,
        Histogram = new Histogram(),
    };
}
