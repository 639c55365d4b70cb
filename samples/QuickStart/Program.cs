using Edm.Profiling;
using QuickStart;

// The smallest program that shows Edm.Profiling. Methods marked [Profile] are timed when the
// program is built with -p:EdmProfiling=true; the scopes below are timed in any build.
// Run with EDM_PROFILING_OUTPUT=<dir> and the process-wide session is written there at exit;
// otherwise the program runs its own session and prints a summary (and writes it with --out FILE).
bool processMode = !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("EDM_PROFILING_OUTPUT"));
ProfilingSession? session = processMode ? null : Profiler.StartSession("quickstart", new SessionOptions { SampleReservoirSize = 1000 });

int primes;
using (Profiler.Scope("QuickStart.sieve"))
{
    primes = Work.CountPrimes(2_000_000);
}

// Scopes are for synchronous blocks: await outside them (async methods are timed by their probe).
string settings = await Work.LoadSettingsAsync();
string report;
using (Profiler.Scope("QuickStart.report"))
{
    report = Work.Describe(primes, settings);
}

Console.WriteLine(report);

if (session is not null)
{
    SessionReport result = session.Stop();
    Console.WriteLine();
    Console.Write(SessionSummary.Format(result));
    int outIndex = Array.IndexOf(args, "--out");
    if (outIndex >= 0 && outIndex + 1 < args.Length)
    {
        SessionJson.WriteFile(result, args[outIndex + 1]);
        Console.WriteLine($"session written to {args[outIndex + 1]}");
    }
}
