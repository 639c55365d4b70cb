using System.Diagnostics;
using System.Text.Json;

namespace Edm.Profiling.Tool.Tests;

/// <summary>
/// The Edm.Profiling meter seen live by the real <c>dotnet-counters</c>, installed here as a local tool
/// from the NuGet feed: it attaches to a profiled program by pid and reads the probes' call counts.
/// </summary>
public sealed class LiveCountersTests
{
    private const string CountersVersion = "10.0.750501";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Dotnet_counters_shows_the_call_counts_of_a_profiled_program_while_it_runs()
    {
        using var directory = new TempDirectory();
        Dotnet(directory.Path, "new", "tool-manifest");
        Dotnet(directory.Path, "tool", "install", "dotnet-counters", "--version", CountersVersion);

        // The program in process mode: its session, and with it the meter, starts at the first probe.
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Programs.TestProgram);
        start.ArgumentList.Add("--work-until-stdin-closes");
        start.Environment[ProfilingSwitches.OutputVariable] = directory.File("session.json");
        using Process program = Process.Start(start)!;
        Task<string> programErrors = program.StandardError.ReadToEndAsync();
        try
        {
            Assert.Equal("working", program.StandardOutput.ReadLine());
            string output = directory.File("counters.json");
            Dotnet(
                directory.Path,
                "tool", "run", "dotnet-counters", "--", "collect",
                "--process-id", program.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
                "--counters", ProfilingMetrics.MeterName,
                "--format", "json", "-o", output,
                "--refresh-interval", "1", "--duration", "00:00:00:04");

            List<(string Name, string Tags, double Value)> events = ReadEvents(output);
            double[] knob = Values(events, ProfilingMetrics.Calls, "Fixture.Knob(int)");
            double[] steady = Values(events, ProfilingMetrics.Calls, "Fixture.Steady(int)");

            // dotnet-counters shows a counter as its rate: calls in each second, so every one above zero
            // is a count that went up since the collection before.
            Assert.True(knob.Length >= 2, $"expected two or more readings of Fixture.Knob's calls, got {knob.Length}: {string.Join("; ", events.Select(e => e.Name))}");
            Assert.All(knob, rate => Assert.True(rate > 0, $"Fixture.Knob's calls did not go up: {string.Join(", ", knob)}"));
            Assert.NotEmpty(steady);
            Assert.Contains(events, e => e.Name.StartsWith(ProfilingMetrics.Duration + " ", StringComparison.Ordinal) && e.Tags.Contains("quantile=0.5", StringComparison.Ordinal));

            program.StandardInput.Close();
            Assert.True(program.WaitForExit(Patience), "the program did not exit once its input closed");
            Assert.Equal(0, program.ExitCode);
            SessionReport session = SessionJson.ReadFile(directory.File("session.json"));
            Assert.True(session.FindMethod("Fixture.Knob(int)")!.Calls >= knob.Sum(), "the session counts at least the calls dotnet-counters saw");
        }
        finally
        {
            if (!program.HasExited)
            {
                program.Kill();
            }

            await programErrors.WaitAsync(Patience);
        }
    }

    private static List<(string Name, string Tags, double Value)> ReadEvents(string file)
    {
        using JsonDocument document = JsonDocument.Parse(File.ReadAllText(file));
        return [.. document.RootElement.GetProperty("Events").EnumerateArray()
            .Select(e => (e.GetProperty("name").GetString()!, e.GetProperty("tags").GetString() ?? "", e.GetProperty("value").GetDouble()))];
    }

    /// <summary>The readings of one instrument for one method; dotnet-counters names it with its unit (<c>edm.profiling.calls ({call} / 1 sec)</c>).</summary>
    private static double[] Values(List<(string Name, string Tags, double Value)> events, string instrument, string method) =>
        [.. events.Where(e => e.Name.StartsWith(instrument + " (", StringComparison.Ordinal) && e.Tags.Split(',').Contains($"{ProfilingMetrics.MethodTag}={method}")).Select(e => e.Value)];

    private static void Dotnet(string workingDirectory, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = workingDirectory, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)!;
        Task<string> error = process.StandardError.ReadToEndAsync();
        string output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(Patience), $"dotnet {string.Join(' ', arguments)} did not finish in {Patience.TotalSeconds} s");
        Assert.True(process.ExitCode == 0, $"dotnet {string.Join(' ', arguments)} exited with {process.ExitCode}: {output} {error.Result}");
    }
}
