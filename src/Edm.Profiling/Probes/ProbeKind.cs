namespace Edm.Profiling;

/// <summary>What a probe wraps; decides how a call's end is found.</summary>
public enum ProbeKind
{
    /// <summary>A synchronous method: the call ends when it returns or throws.</summary>
    Method = 0,

    /// <summary>A method returning a task: the call ends when the task completes.</summary>
    AsyncMethod = 1,

    /// <summary>An iterator: one call per enumeration, timed inside <c>MoveNext</c>.</summary>
    Iterator = 2,

    /// <summary>An async iterator: one call per enumeration, timed inside <c>MoveNextAsync</c>.</summary>
    AsyncIterator = 3,

    /// <summary>A block wrapped in <see cref="Profiler.Scope(string, Layer)"/>.</summary>
    Scope = 4,
}
