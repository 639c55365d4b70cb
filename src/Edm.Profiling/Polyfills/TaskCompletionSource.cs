#if NETSTANDARD2_0
// netstandard2.0 has only the generic TaskCompletionSource<T>; the relay of a plain Task needs the
// non-generic one.
namespace System.Threading.Tasks;

internal sealed class TaskCompletionSource
{
    private readonly TaskCompletionSource<object?> _inner = new();

    public Task Task => _inner.Task;

    public bool TrySetResult() => _inner.TrySetResult(null);

    public bool TrySetException(IEnumerable<Exception> exceptions) => _inner.TrySetException(exceptions);

    public bool TrySetCanceled(CancellationToken token) => _inner.TrySetCanceled(token);
}
#endif
