namespace Edm.Profiling.EventPipe.Tests;

/// <summary>What the trace timing line says about threads: samples per thread and the reader's thread id.</summary>
public sealed class ThreadSamplesTests
{
    [Fact]
    public void Samples_are_counted_per_thread_most_first()
    {
        var tally = new CpuSampleTally<int>();
        for (int tick = 0; tick < 5; tick++)
        {
            tally.Add(thread: 7, tick, stack: 1, running: true);
            tally.Add(thread: 3, tick, stack: 2, running: false);
            if (tick < 2)
            {
                tally.Add(thread: 9, tick, stack: null, running: false);
            }
        }

        Assert.Equal([(3L, 5L), (7L, 5L), (9L, 2L)], tally.SamplesByThread());
        Assert.Equal(3, tally.Build([], _ => null).Threads);
    }

    [Fact]
    public void The_current_threads_OS_id_is_read_where_Linux_tells_it()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Equal(-1, ThreadCpu.CurrentThreadId());
            return;
        }

        long id = ThreadCpu.CurrentThreadId();
        Assert.True(Directory.Exists($"/proc/self/task/{id}"), $"thread {id}");
        long other = -1;
        var thread = new Thread(() => other = ThreadCpu.CurrentThreadId());
        thread.Start();
        thread.Join();
        Assert.NotEqual(id, other);
    }
}
