using Edm.Profiling;
using Edm.Profiling.Analysis;

// Usage:
//   import <history.db> <session-or-baseline.json>...   import each file into the history
//   save <root> <name> <key> <probes> <samples>          save a large synthetic baseline over <root>/<name>/<key>.json
try
{
    switch (args)
    {
        case ["import", string history, .. string[] files]:
            using (HistoryStore store = HistoryStore.Open(history))
            {
                int imported = files.Count(file => store.ImportFile(file).Imported);
                Console.WriteLine($"imported {imported}");
            }

            return 0;
        case ["save", string root, string name, string key, string probes, string samples]:
            Baseline baseline = LargeBaseline(name, key, int.Parse(probes, System.Globalization.CultureInfo.InvariantCulture), int.Parse(samples, System.Globalization.CultureInfo.InvariantCulture));
            Console.WriteLine("saving");
            new BaselineStore(root).Save(baseline, overwrite: true);
            Console.WriteLine("saved");
            return 0;
        default:
            Console.Error.WriteLine("usage: import <history> <files>... | save <root> <name> <key> <probes> <samples>");
            return 2;
    }
}
catch (AnalysisException e)
{
    Console.Error.WriteLine(e.Message);
    return 1;
}

static Baseline LargeBaseline(string name, string key, int probes, int samples)
{
    var random = new Random(7);
    var infos = new List<ProbeInfo>();
    var methods = new List<MethodStatistics>();
    for (int id = 0; id < probes; id++)
    {
        long[] durations = [.. Enumerable.Range(0, samples).Select(_ => 1_000 + random.NextInt64(9_000))];
        infos.Add(new ProbeInfo { Id = id, Name = $"Writer.Probe{id:D6}()" });
        methods.Add(new MethodStatistics
        {
            ProbeId = id,
            Calls = samples,
            TotalNs = durations.Sum(),
            MinNs = durations.Min(),
            MaxNs = durations.Max(),
            Histogram = new Histogram(),
            Samples = new DurationSample { Population = samples, DurationsNs = durations },
        });
    }

    var session = new SessionReport
    {
        Name = name,
        Environment = new EnvironmentInfo { MachineFingerprint = "writer", RuntimeVersion = "10.0.0", BuildConfiguration = "Release", Commit = key },
        Settings = new SessionSettings { SampleReservoirSize = samples, TimestampFrequency = 1_000_000_000 },
        Probes = infos,
        Methods = methods,
    };
    return Baseline.FromSession(session, name);
}
