namespace Edm.Profiling.Invariants.Tests.Programs;

/// <summary>
/// A random program: what each of 1–4 threads runs, one after another. Every step that advances the
/// clock runs while no other code of the program can, so the figures it should give are known exactly,
/// however often the code hops threads (awaits resume on the thread pool while their callers wait).
/// </summary>
internal sealed record Program(Step[][] Threads, bool Timeline)
{
    /// <summary>Whether only one call runs at a time: no fire-and-forget, no fan-out.</summary>
    public bool IsSequential => Threads.All(steps => steps.All(IsSequentialStep));

    public override string ToString() =>
        (Timeline ? "timeline: " : "") + string.Join(" || ", Threads.Select(t => "[" + string.Join(", ", t.Select(s => s.ToString())) + "]"));

    private static bool IsSequentialStep(Step step) => step switch
    {
        Call { How: How.Forget } or FanOut => false,
        Call call => call.Body.All(IsSequentialStep) && call.After.All(IsSequentialStep),
        ScopeBlock scope => scope.Body.All(IsSequentialStep),
        _ => true,
    };
}

/// <summary>One step of a program.</summary>
internal abstract record Step;

/// <summary>Advances the clock: work that is nobody's callee.</summary>
internal sealed record Work(int Ticks) : Step
{
    public override string ToString() => $"work {Ticks}";
}

/// <summary>How a call is made and its result taken.</summary>
internal enum How
{
    /// <summary>A synchronous [Profile] method.</summary>
    Sync,

    /// <summary>An async [Profile] method awaited (in async code; waited with <c>.Wait()</c> in synchronous code).</summary>
    Await,

    /// <summary>An async [Profile] method waited for with <c>.Wait()</c>.</summary>
    Wait,

    /// <summary>An async [Profile] method returning a value, read with <c>.Result</c>.</summary>
    Result,

    /// <summary>An async [Profile] method not waited for: its rest runs when the program has ended.</summary>
    Forget,
}

/// <summary>
/// A call to one of the fixture's [Profile] methods: <see cref="Body"/> runs first (for a forgotten or
/// fanned-out call, once the program releases it); an async method then yields (<see cref="Yields"/>)
/// and runs <see cref="After"/>. <see cref="Throws"/>: the method throws at
/// its end; <see cref="Propagates"/>: its caller does not catch, so the caller's body throws too.
/// </summary>
internal sealed record Call(int Method, How How, Step[] Body, bool Yields, Step[] After, bool Throws, bool Propagates) : Step
{
    public override string ToString() =>
        $"{How} m{Method}{(Throws ? Propagates ? " throws up" : " throws" : "")} {{{string.Join(", ", Body.Select(s => s.ToString()))}{(How == How.Sync ? "" : Yields ? " | yield | " : " | ")}{string.Join(", ", After.Select(s => s.ToString()))}}}";
}

/// <summary>Async calls started together and awaited with <c>Task.WhenAll</c>; they overlap in time.</summary>
internal sealed record FanOut(Call[] Children) : Step
{
    public override string ToString() => $"WhenAll({string.Join("; ", Children.Select(c => c.ToString()))})";
}

/// <summary>
/// A <c>Profiler.Scope</c>: around <see cref="Body"/>, or, with <see cref="AcrossAwait"/>, in an async
/// helper whose block awaits and then works <see cref="WorkAfterAwait"/> ticks.
/// </summary>
internal sealed record ScopeBlock(int Name, bool AcrossAwait, Step[] Body, int WorkAfterAwait) : Step
{
    public override string ToString() => $"scope{Name}{(AcrossAwait ? $" across await (then {WorkAfterAwait})" : "")} {{{string.Join(", ", Body.Select(s => s.ToString()))}}}";
}

/// <summary>
/// Enumerates the fixture's iterator (or async iterator, in async code) of <see cref="Items"/> items
/// costing <see cref="ItemWork"/> each, stopping after <see cref="Take"/> items (partially if fewer
/// than there are), working <see cref="ConsumerWork"/> per item on the consumer's side.
/// </summary>
internal sealed record Iterate(bool Async, int Items, int Take, int ItemWork, int ConsumerWork) : Step
{
    public override string ToString() => $"{(Async ? "await foreach" : "foreach")} take {Take} of {Items} (item {ItemWork}, consumer {ConsumerWork})";
}
