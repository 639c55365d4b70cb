namespace Edm.Profiling.Invariants.Tests.Programs;

/// <summary>
/// The [Profile] methods random programs call. This project builds with EdmProfiling=true, so every
/// call to them below goes through a generated interceptor, as in a user's profiled build.
/// </summary>
internal static class Fixture
{
    internal const int SyncMethods = 3;
    internal const int AsyncMethods = 2;

    [Profile]
    internal static void Sync0(Interpreter run, Call call, CallRecord record) => run.SyncBody(call, record);

    [Profile]
    internal static void Sync1(Interpreter run, Call call, CallRecord record) => run.SyncBody(call, record);

    [Profile(Layer.Detailed)]
    internal static void Sync2(Interpreter run, Call call, CallRecord record) => run.SyncBody(call, record);

    [Profile]
    internal static Task Async0(Interpreter run, Call call, CallRecord record) => run.AsyncBody(call, record);

    [Profile]
    internal static async Task Async1(Interpreter run, Call call, CallRecord record) => await run.AsyncBody(call, record).ConfigureAwait(false);

    [Profile]
    internal static async Task<int> AsyncResult(Interpreter run, Call call, CallRecord record)
    {
        await run.AsyncBody(call, record).ConfigureAwait(false);
        return 1;
    }

    [Profile]
    internal static IEnumerable<int> Items(Interpreter run, int count, int work)
    {
        for (int i = 0; i < count; i++)
        {
            run.Clock.Advance(work);
            yield return i;
        }
    }

    [Profile]
    internal static async IAsyncEnumerable<int> ItemsAsync(Interpreter run, int count, int work)
    {
        for (int i = 0; i < count; i++)
        {
            run.Clock.Advance(work / 2);
            await Task.Yield();
            run.Clock.Advance(work - work / 2);
            yield return i;
        }
    }

    /// <summary>The key of a method's probe: its name in the session is <c>…Fixture.{key}(…)</c>.</summary>
    internal static string SyncName(int method) => $"Sync{method}";

    internal static string AsyncName(Call call) => call.How == How.Result ? "AsyncResult" : $"Async{call.Method}";

    internal static string ScopeName(int name) => $"Invariants.scope{name}";

    internal static void CallSync(Interpreter run, Call call, CallRecord record)
    {
        switch (call.Method)
        {
            case 0: Sync0(run, call, record); break;
            case 1: Sync1(run, call, record); break;
            default: Sync2(run, call, record); break;
        }
    }

    internal static Task CallAsync(Interpreter run, Call call, CallRecord record) =>
        call.How == How.Result ? AsyncResult(run, call, record)
        : call.Method == 0 ? Async0(run, call, record)
        : Async1(run, call, record);
}
