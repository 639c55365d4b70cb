using CsCheck;

namespace Edm.Profiling.Invariants.Tests.Programs;

/// <summary>
/// Random programs, nested up to three calls deep: synchronous calls, async calls awaited, waited for,
/// read with <c>.Result</c> or forgotten, fan-outs, scopes (a scope across an await holds only work: its
/// callees after the await are documented to land elsewhere), iterators partly or fully enumerated, and
/// calls that throw at any depth, caught by their caller or not. CsCheck shrinks a failing one.
/// </summary>
internal static class ProgramGen
{
    private static readonly Gen<Step> Work = Gen.Int[0, 40].Select(ticks => (Step)new Work(ticks));

    private static readonly Gen<How> Hows = Gen.Frequency(
        (4, How.Sync), (2, How.Await), (1, How.Wait), (1, How.Result), (1, How.Forget));

    private static readonly Gen<Step> Iterations = Gen.Select(
        Gen.Bool, Gen.Int[0, 4], Gen.Int[1, 5], Gen.Int[0, 20], Gen.Int[0, 20],
        (isAsync, items, take, itemWork, consumerWork) => (Step)new Iterate(isAsync, items, take, itemWork, consumerWork));

    /// <summary>Programs of 1–4 threads, each up to four top-level steps.</summary>
    public static readonly Gen<Program> Programs = Gen.Select(
        Steps(3).Array[1, 4], Gen.Int[0, 3],
        (threads, timeline) => new Program(threads, Timeline: timeline == 0));

    private static Gen<Step[]> Steps(int depth) => StepOf(depth).Array[0, 4];

    private static Gen<Step> StepOf(int depth) => depth == 0
        ? Work
        : Gen.Frequency(
            (3, Work),
            (5, CallOf(depth).Select(c => (Step)c)),
            (1, CallOf(depth).Array[1, 3].Select(children => (Step)new FanOut(
                [.. children.Select(c => c with { How = How.Await, Method = c.Method % Fixture.AsyncMethods })]))),
            (1, ScopeOf(depth)),
            (1, Iterations));

    private static Gen<Call> CallOf(int depth) => Gen.Select(
        Gen.Int[0, Fixture.SyncMethods - 1], Hows, Steps(depth - 1), Gen.Bool, Steps(depth - 1), Gen.Int[0, 7], Gen.Bool,
        (method, how, body, yields, after, throwRoll, propagates) => new Call(
            how == How.Sync ? method : method % Fixture.AsyncMethods,
            how,
            body,
            yields,
            how == How.Sync ? [] : after,
            Throws: throwRoll == 0,
            propagates));

    private static Gen<Step> ScopeOf(int depth) => Gen.Select(
        Gen.Int[0, 1], Gen.Int[0, 2], Steps(depth - 1), Gen.Int[0, 30],
        (name, acrossRoll, body, after) => (Step)(acrossRoll == 0
            ? new ScopeBlock(name, AcrossAwait: true, [.. body.OfType<Work>()], after)
            : new ScopeBlock(name, AcrossAwait: false, body, 0)));
}
