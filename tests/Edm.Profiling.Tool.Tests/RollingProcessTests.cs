using System.Diagnostics;
using System.Globalization;

namespace Edm.Profiling.Tool.Tests;

/// <summary>A profiled program in rolling mode (EDM_PROFILING_FLUSH_INTERVAL) ended by SIGTERM: its calls until then are in interval files.</summary>
public sealed class RollingProcessTests
{
    [Fact]
    public async Task A_program_ended_by_SIGTERM_leaves_its_intervals_written()
    {
        if (OperatingSystem.IsWindows())
        {
            return; // no SIGTERM to send
        }

        using var directory = new TempDirectory();
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Programs.TestProgram);
        start.ArgumentList.Add("--work-until-stdin-closes");
        start.Environment[ProfilingSwitches.OutputVariable] = directory.File("service.json");
        start.Environment[ProfilingSwitches.FlushIntervalVariable] = "1h";
        using Process program = Process.Start(start)!;
        Task<string> errors = program.StandardError.ReadToEndAsync();
        Assert.Equal("working", await program.StandardOutput.ReadLineAsync());

        using (Process kill = Process.Start("kill", ["-TERM", program.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        Assert.True(program.WaitForExit(TimeSpan.FromSeconds(60)), "the program did not end after SIGTERM");
        await errors.WaitAsync(TimeSpan.FromSeconds(60));
        SessionReport[] intervals = [.. directory.Files().Order(StringComparer.Ordinal).Select(SessionJson.ReadFile)];
        Assert.NotEmpty(intervals);
        Assert.Equal(1, intervals[0].Interval!.Index);
        Assert.Equal(Enumerable.Range(1, intervals.Length), intervals.Select(i => i.Interval!.Index));
        Assert.True(intervals.Sum(i => i.FindMethod("Fixture.Knob(int)")?.Calls ?? 0) >= 1);
    }
}
