using Edm.Profiling.Tests.Support;

namespace Edm.Profiling.Tests;

[Collection(ProfilerCollection.Name)]
public sealed class IoTests
{
    [Fact]
    public void A_detailed_scope_counts_the_bytes_its_thread_writes()
    {
        if (!OperatingSystem.IsLinux())
        {
            return; // thread I/O counters come from /proc/thread-self/io
        }

        string path = Path.Combine(Path.GetTempPath(), $"edm-io-{Guid.NewGuid():N}.bin");
        using ProfilingSession session = Profiler.StartSession("io");
        try
        {
            using (Profiler.Scope("Tests.write a MiB"))
            {
                using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1);
                for (int i = 0; i < 16; i++)
                {
                    file.Write(new byte[64 * 1024]);
                }
            }

            using (Profiler.Scope("Tests.read nothing"))
            {
                GC.KeepAlive(new byte[10]);
            }
        }
        finally
        {
            File.Delete(path);
        }

        SessionReport report = session.Stop();
        IoStatistics written = report.Method(report.Probes.Single(p => p.Name == "Tests.write a MiB").Id).Io!;
        Assert.InRange(written.WriteBytes, 1024 * 1024, (1024 * 1024) + 4096);
        Assert.InRange(written.WriteCalls, 16, 64);
        IoStatistics idle = report.Method(report.Probes.Single(p => p.Name == "Tests.read nothing").Id).Io!;
        Assert.Equal(0, idle.WriteBytes);
        Assert.NotNull(report.Io);
        Assert.True(report.Io.Delta.WriteBytes >= 1024 * 1024);
    }

    [Fact]
    public void Procfs_io_text_parses_and_absent_fields_stay_absent()
    {
        IoSnapshot full = IoCounters.Parse("rchar: 10\nwchar: 20\nsyscr: 3\nsyscw: 4\nread_bytes: 4096\nwrite_bytes: 8192\ncancelled_write_bytes: 0\n"u8);
        Assert.Equal(new IoSnapshot(10, 20, 3, 4, 4096, 8192), full);
        IoSnapshot partial = IoCounters.Parse("rchar: 10\n"u8);
        Assert.Equal(-1, partial.WriteBytes);
        Assert.True(partial.IsAvailable);
        Assert.False(IoCounters.Parse(""u8).IsAvailable);
    }
}
