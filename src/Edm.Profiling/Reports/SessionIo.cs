namespace Edm.Profiling;

/// <summary>Process I/O over a session: the counters at start and at stop, and their difference.</summary>
public sealed record SessionIo
{
    /// <summary>Where the counters come from, e.g. <c>/proc/self/io</c>.</summary>
    public required string Source { get; init; }

    /// <summary>Counters at start.</summary>
    public required IoCounterSet Start { get; init; }

    /// <summary>Counters at stop.</summary>
    public required IoCounterSet End { get; init; }

    /// <summary>Stop minus start.</summary>
    public required IoCounterSet Delta { get; init; }
}

/// <summary>I/O counters; a figure the platform does not offer is null (absent), never 0.</summary>
public sealed record IoCounterSet
{
    /// <summary>Bytes passed to read system calls (page cache included).</summary>
    public long? ReadBytes { get; init; }

    /// <summary>Bytes passed to write system calls.</summary>
    public long? WriteBytes { get; init; }

    /// <summary>Read system calls.</summary>
    public long? ReadCalls { get; init; }

    /// <summary>Write system calls.</summary>
    public long? WriteCalls { get; init; }

    /// <summary>Bytes fetched from storage.</summary>
    public long? StorageReadBytes { get; init; }

    /// <summary>Bytes sent to storage.</summary>
    public long? StorageWriteBytes { get; init; }
}
