using System.CommandLine;

namespace Edm.Profiling.CommandLine.Parsing;

/// <summary>
/// <c>profile &lt;command&gt; [args…]</c>: the root's commands again, under a parent that asks for a
/// session. The subcommands are the same objects (a command may have several parents), so their
/// arguments, options, validators and actions are exactly those of the plain form.
/// </summary>
internal static class ProfileCommand
{
    internal static Command Create(string name, RootCommand root)
    {
        string example = root.Subcommands.FirstOrDefault() is { } first ? $"'{root.Name} {name} {first.Name} …'" : $"'{root.Name} {name} <command> …'";
        var command = new Command(name, $"Run a command in a profiling session, as --profile does: {example}. The --profile-* options apply");
        foreach (Command subcommand in root.Subcommands.ToList())
        {
            command.Subcommands.Add(subcommand);
        }

        command.SetAction(parseResult =>
        {
            parseResult.InvocationConfiguration.Error.WriteLine($"profiling: name the command to profile, e.g. {example}");
            return ProfilingExitCodes.ProfilingError;
        });
        return command;
    }
}
