namespace Edm.Profiling;

/// <summary>How one backend of the session fared (docs/session-format.md, <c>backends</c>).</summary>
public sealed record BackendStatus
{
    /// <summary>The backend's name, e.g. <c>probes</c> or <c>cpu-sampling</c>.</summary>
    public required string Name { get; init; }

    /// <summary>Whether it recorded and added its section; false when it could not start or failed.</summary>
    public bool Ran { get; init; }

    /// <summary>Why it did not run, or what limits its section; null when there is nothing to say.</summary>
    public string? Message { get; init; }
}
