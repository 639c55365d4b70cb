namespace Edm.Profiling.Generators.Model;

/// <summary>What a probed method returns, which decides the probe shape around the call.</summary>
internal enum ResultShape
{
    /// <summary>Anything else: the call ends when the method returns or throws.</summary>
    Sync,

    /// <summary><c>Task</c>: the call ends when the task completes.</summary>
    Task,

    /// <summary><c>Task&lt;T&gt;</c>.</summary>
    TaskOfT,

    /// <summary><c>ValueTask</c>.</summary>
    ValueTask,

    /// <summary><c>ValueTask&lt;T&gt;</c>.</summary>
    ValueTaskOfT,

    /// <summary>An iterator returning <c>IEnumerable</c>: one call per enumeration.</summary>
    Enumerable,

    /// <summary>An iterator returning <c>IEnumerable&lt;T&gt;</c>.</summary>
    EnumerableOfT,

    /// <summary>An iterator returning <c>IEnumerator&lt;T&gt;</c>.</summary>
    EnumeratorOfT,

    /// <summary>An async iterator returning <c>IAsyncEnumerable&lt;T&gt;</c>.</summary>
    AsyncEnumerableOfT,

    /// <summary>An async iterator returning <c>IAsyncEnumerator&lt;T&gt;</c>.</summary>
    AsyncEnumeratorOfT,
}
