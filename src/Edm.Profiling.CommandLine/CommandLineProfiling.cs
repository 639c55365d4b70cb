using System.CommandLine;
using System.CommandLine.Invocation;
using Edm.Profiling.CommandLine.Parsing;
using Edm.Profiling.CommandLine.Running;

namespace Edm.Profiling.CommandLine;

/// <summary>Adds profiling to a System.CommandLine application (docs/cli-integration.md).</summary>
public static class CommandLineProfiling
{
    /// <summary>
    /// Adds <c>--profile[=lightweight|detailed]</c>, <c>--profile-out</c>, <c>--profile-format</c>,
    /// <c>--profile-baseline</c>, <c>--profile-backends</c> and <c>--profile-fail-on-regression</c> to every command, and a
    /// <c>profile &lt;command&gt; [args…]</c> wrapper; a command asked to be profiled runs in a session
    /// and its report prints on standard error after its own output.
    /// </summary>
    /// <remarks>
    /// Call it once the tree is complete: the actions of the commands present are wrapped (synchronous
    /// and asynchronous alike), and the wrapper lists the root's commands of that moment.
    /// </remarks>
    /// <param name="root">The application's root command.</param>
    /// <param name="options">Settings; null for the defaults.</param>
    /// <returns><paramref name="root"/>, to chain <c>.Parse(args).Invoke()</c>.</returns>
    /// <exception cref="InvalidOperationException">Profiling was already added, or the root has a command or option with one of the names.</exception>
    public static RootCommand UseProfiling(this RootCommand root, ProfilingCliOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(root);
        options ??= new ProfilingCliOptions();

        // The EventPipe backends ship with this package: registered here, so --profile-backends finds
        // them without loading assemblies by name (gc is built into Edm.Profiling).
        ProfilerBackends.Register(EventPipe.CpuSamplingBackend.BackendName, () => new EventPipe.CpuSamplingBackend());
        ProfilerBackends.Register(EventPipe.AllocationSamplingBackend.BackendName, () => new EventPipe.AllocationSamplingBackend());
        var symbols = new ProfilingSymbols();
        RefuseClashes(root, symbols, options);

        var profiler = new CommandProfiler(symbols, options);
        Wrap(root, profiler, new HashSet<Command>());
        foreach (Option option in symbols.All)
        {
            root.Options.Add(option);
        }

        if (options.ProfileCommandName is { } name)
        {
            symbols.ProfileCommand = ProfileCommand.Create(name, root);
            root.Subcommands.Add(symbols.ProfileCommand);
        }

        return root;
    }

    private static void Wrap(Command command, CommandProfiler profiler, HashSet<Command> done)
    {
        if (!done.Add(command))
        {
            return;
        }

        command.Action = command.Action switch
        {
            SynchronousCommandLineAction sync => new ProfiledSynchronousAction(sync, profiler),
            AsynchronousCommandLineAction async => new ProfiledAsynchronousAction(async, profiler),
            var other => other,
        };
        foreach (Command subcommand in command.Subcommands)
        {
            Wrap(subcommand, profiler, done);
        }
    }

    private static void RefuseClashes(RootCommand root, ProfilingSymbols symbols, ProfilingCliOptions options)
    {
        var taken = new HashSet<string>(StringComparer.Ordinal);
        foreach (Option option in root.Options)
        {
            taken.Add(option.Name);
            taken.UnionWith(option.Aliases);
        }

        if (symbols.All.FirstOrDefault(o => taken.Contains(o.Name)) is { } clash)
        {
            throw new InvalidOperationException($"The root command already has an option {clash.Name}: profiling was added already, or the application uses the name.");
        }

        if (options.ProfileCommandName is { } name && root.Subcommands.Any(c => c.Name == name || c.Aliases.Contains(name)))
        {
            throw new InvalidOperationException($"The root command already has a command '{name}'; set ProfilingCliOptions.ProfileCommandName to another name, or to null for none.");
        }
    }
}
