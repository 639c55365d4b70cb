#:project ../../src/Edm.Profiling.Analysis/Edm.Profiling.Analysis.csproj

// Merges session files into one baseline and saves it in the store (benchmarks/baselines):
//   dotnet run benchmarks/baseline-tools/save-baseline.cs -- --name edm-evaluate --version demo-v1 [--branch main] [--overwrite] run-1.json run-2.json …
// Stands in for 'edm-prof baseline' until the tool lands (docs/cli-integration.md, "Baselines").
using Edm.Profiling.Analysis;

string? name = null, version = null, branch = null, root = BaselineStore.DefaultRoot;
bool overwrite = false;
var sessions = new List<string>();
for (int i = 0; i < args.Length; i++)
{
    switch (args[i])
    {
        case "--name" when i + 1 < args.Length: name = args[++i]; break;
        case "--version" when i + 1 < args.Length: version = args[++i]; break;
        case "--branch" when i + 1 < args.Length: branch = args[++i]; break;
        case "--root" when i + 1 < args.Length: root = args[++i]; break;
        case "--overwrite": overwrite = true; break;
        default: sessions.Add(args[i]); break;
    }
}

if (name is null || sessions.Count == 0 || sessions.Any(s => s.StartsWith("--", StringComparison.Ordinal)))
{
    Console.Error.WriteLine("usage: save-baseline.cs --name <name> [--version <key>] [--branch <branch>] [--root <folder>] [--overwrite] <session.json>…");
    return 2;
}

try
{
    Baseline baseline = Baseline.FromSessionFiles(name, sessions, new BaselineOptions { Version = version, Branch = branch });
    BaselineEntry entry = new BaselineStore(root).Save(baseline, overwrite);
    Console.WriteLine($"baseline '{entry.Name}' at '{entry.Key}' ({sessions.Count} run(s), {baseline.Methods.Count} methods) written to {entry.Path}");
    return 0;
}
catch (AnalysisException e)
{
    Console.Error.WriteLine($"save-baseline: {e.Message}");
    return 1;
}
