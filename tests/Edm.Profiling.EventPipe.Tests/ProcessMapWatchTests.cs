using System.Runtime.InteropServices;

namespace Edm.Profiling.EventPipe.Tests;

public sealed class ProcessMapWatchTests
{
    private const string Runtime = "7f0000001000-7f0000003000 r-xp 00001000 08:01 2001 /usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.0/libcoreclr.so\n";
    private const string Early = Runtime + "7f0000005000-7f0000006000 r-xp 00000000 08:01 2002 /usr/lib/libc.so.6\n";
    private const string Later = Early + "7f0000009000-7f000000a000 r-xp 00000000 08:01 2003 /app/libLate.so\n";

    [Fact]
    public void The_last_good_copy_is_kept_through_failed_empty_and_foreign_reads()
    {
        // At start, a copy; then a later one with one more library; then the process exits (unreadable,
        // then empty as a zombie) and its id names a process without the runtime.
        var reads = new Queue<Func<string?>>([() => Early, () => Later, () => throw new IOException("gone"), () => "", () => null, () => "55d0c0000000-55d0c0010000 r-xp 00000000 08:01 1234 /usr/bin/sleep\n"]);
        using var watch = new ProcessMapWatch(() => reads.Dequeue()(), timed: false);
        for (int i = 0; i < 5; i++)
        {
            watch.Copy();
        }

        Assert.Empty(reads);
        NativeModuleMap map = Assert.IsType<NativeModuleMap>(watch.Stop());
        Assert.Equal("libLate.so", map.NameOf(0x7f0000009010UL));
        Assert.Equal("libc.so.6", map.NameOf(0x7f0000005010UL));
    }

    [Fact]
    public void Copies_come_often_at_start_up_then_every_two_seconds()
    {
        var waits = new List<TimeSpan> { ProcessMapWatch.FirstInterval };
        for (int i = 0; i < 5; i++)
        {
            waits.Add(ProcessMapWatch.After(waits[^1]));
        }

        Assert.Equal([250, 500, 1000, 2000, 2000, 2000], waits.Select(w => w.TotalMilliseconds));
    }

    [Fact]
    public void A_process_never_read_with_its_runtime_has_no_map()
    {
        using var watch = new ProcessMapWatch(() => "", timed: false);
        Assert.Null(watch.Stop());
    }

    [Fact]
    public void A_copy_after_stop_is_not_kept()
    {
        string current = Early;
        using var watch = new ProcessMapWatch(() => current, timed: false);
        current = Later; // mapped after the last copy: not in it
        NativeModuleMap first = Assert.IsType<NativeModuleMap>(watch.Stop());
        watch.Copy(); // a timer tick racing the stop
        Assert.Null(first.NameOf(0x7f0000009010UL));
        Assert.Null(Assert.IsType<NativeModuleMap>(watch.Stop()).NameOf(0x7f0000009010UL));
    }

    [Fact]
    public void A_running_dotnet_process_is_copied_with_its_libraries_from_the_start()
    {
        using var watch = new ProcessMapWatch(Environment.ProcessId);
        NativeModuleMap? map = watch.Stop();
        if (!OperatingSystem.IsLinux())
        {
            Assert.Null(map); // no map to read elsewhere
            return;
        }

        ulong getpid = (ulong)NativeLibrary.GetExport(NativeLibrary.Load("libc.so.6"), "getpid");
        Assert.Equal("libc.so.6", Assert.IsType<NativeModuleMap>(map).NameOf(getpid));
    }
}
