using System.CommandLine;

namespace Edm.Profiling.CommandLine.Tests.Support;

/// <summary>
/// A small System.CommandLine app: <c>work</c> (synchronous), <c>work-async</c>, <c>scopes-only</c>
/// (no [Profile] call) and <c>throw</c>. Scope names are constants the tests look for.
/// </summary>
public static class TestApp
{
    public const string WorkScope = "TestApp.work";
    public const string StepScope = "TestApp.step";
    public const string AsyncScope = "TestApp.async-work";
    public const string StepProbe = "Edm.Profiling.CommandLine.Tests.Support.Workload.Step(int, int)";
    public const string StepAsyncProbe = "Edm.Profiling.CommandLine.Tests.Support.Workload.StepAsync(int)";

    public static RootCommand Build() => new("test app")
    {
        Work(),
        WorkAsync(),
        ScopesOnly(),
        Throw(),
    };

    private static Command Work()
    {
        var label = new Argument<string?>("label") { Arity = ArgumentArity.ZeroOrOne };
        var count = new Option<int>("--count") { DefaultValueFactory = _ => 5 };
        var delay = new Option<int>("--delay-ms");
        var exitCode = new Option<int>("--exit-code");
        var command = new Command("work", "Synchronous work in scopes") { label, count, delay, exitCode };
        command.SetAction(parseResult =>
        {
            int n = parseResult.GetValue(count);
            int delayMs = parseResult.GetValue(delay);
            using (Profiler.Scope(WorkScope))
            {
                for (int i = 0; i < n; i++)
                {
                    using (Profiler.Scope(StepScope, Layer.Lightweight))
                    {
                        Workload.Step(i, delayMs);
                    }
                }
            }

            parseResult.InvocationConfiguration.Output.WriteLine($"work done: {n} steps, label {parseResult.GetValue(label) ?? "(none)"}");
            return parseResult.GetValue(exitCode);
        });
        return command;
    }

    private static Command WorkAsync()
    {
        var count = new Option<int>("--count") { DefaultValueFactory = _ => 5 };
        var command = new Command("work-async", "Asynchronous work") { count };
        command.SetAction(async (parseResult, cancellationToken) =>
        {
            int n = parseResult.GetValue(count);
            for (int i = 0; i < n; i++)
            {
                await Workload.StepAsync(i).ConfigureAwait(false);
                using (Profiler.Scope(AsyncScope, Layer.Lightweight))
                {
                    Workload.Step(i, 0);
                }
            }

            await parseResult.InvocationConfiguration.Output.WriteLineAsync($"async work done: {n} steps".AsMemory(), cancellationToken).ConfigureAwait(false);
            return 0;
        });
        return command;
    }

    private static Command ScopesOnly()
    {
        var command = new Command("scopes-only", "Only Profiler.Scope blocks, no [Profile] call");
        command.SetAction(parseResult =>
        {
            using (Profiler.Scope(WorkScope))
            {
                parseResult.InvocationConfiguration.Output.WriteLine("scopes done");
            }
        });
        return command;
    }

    private static Command Throw()
    {
        var command = new Command("throw", "Fails with an exception inside a scope");
        command.SetAction(new Func<ParseResult, int>(_ =>
        {
            using (Profiler.Scope(WorkScope))
            {
                throw new InvalidOperationException("the command failed");
            }
        }));
        return command;
    }
}
