namespace Edm.Profiling.EventPipe;

/// <summary>
/// Makes a trace reader thread compile, at the session's start, all the code its reading of the stream will
/// call: it reads a made-up stream holding every kind of event (<see cref="SyntheticNetTrace"/>) with a
/// throwaway reader of the same type, then the real stream calls nothing new while the program runs.
/// </summary>
/// <remarks>
/// Why (benchmarks/README.md, "Tiering delay, ninth wave-2 session"): the runtime puts off counting calls,
/// and so every promotion of the program's hot methods to optimised code, for another 100 ms each time any
/// thread calls a method for the first time. A reader that met each event kind's code as it first arrived
/// (a module loaded late, a framework method first entered by code the runtime re-jitted) put the program's
/// promotions off by 100 ms or more each time, on top of what its start-up already costs. Read here in one burst, next to the session's own opening, the delay runs out with
/// the program's start-up instead. The first time in a process it compiles about 220 methods on the reader
/// thread; a later session's reader only reads the small made-up stream again.
/// </remarks>
internal static class LiveReaderWarmUp
{
    /// <summary>Reads the made-up stream with a throwaway <see cref="LiveTallies"/> (the main session's reader).</summary>
    internal static void ForMainSession()
    {
        Quietly(stream => new LiveTallies().Read(stream));
        GrowOutOfLine();
    }

    /// <summary>
    /// Grows a <c>Dictionary&lt;int, int&gt;</c> (the parser's stack ids, the interned stacks' hash chains) through a
    /// path that calls its resizing out of line: the precompiled insertion the reading uses inlines part of it, and
    /// the runtime's re-jitted insertion, once the reading has made it hot, calls that part for the first time when a
    /// table next grows (seen at 0.9–1.1 s in every CPU-sampling run of the sample).
    /// </summary>
    private static void GrowOutOfLine()
    {
        var table = new Dictionary<int, int>();
        for (int key = 0; key < 64; key++)
        {
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(table, key, out _) = key;
        }

        table.EnsureCapacity(256);
    }

    /// <summary>Reads the made-up stream with a throwaway <see cref="WindowSamples"/> (the sampler windows' reader).</summary>
    internal static void ForSamplerWindows() => Quietly(stream => new WindowSamples().Read(stream));

    /// <summary>Reads the made-up stream with <paramref name="read"/>; a failure is swallowed: the warm-up only compiles code, the real reading reports its own errors.</summary>
    private static void Quietly(Action<Stream> read)
    {
        try
        {
            using var stream = new SegmentStream(SyntheticNetTrace.EveryKindInSegments()); // no large-object array
            read(stream);
        }
#pragma warning disable CA1031 // A warm-up must never disturb the program or the session.
        catch (Exception)
#pragma warning restore CA1031
        {
        }
    }
}
