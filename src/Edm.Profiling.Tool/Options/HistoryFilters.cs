using System.CommandLine;
using Edm.Profiling.Analysis;

namespace Edm.Profiling.Tool.Options;

/// <summary>The options that pick which runs of a history a trend or an export looks at.</summary>
internal sealed class HistoryFilters
{
    private readonly Option<string?> _name = new("--name") { Description = "Only runs of this command (session name) or baseline name", HelpName = "name" };
    private readonly Option<string?> _branch = new("--branch") { Description = "Only runs on this branch", HelpName = "branch" };
    private readonly Option<string?> _machine = new("--machine") { Description = "Only runs on this machine fingerprint (timings of different machines do not make a trend)", HelpName = "fingerprint" };

    internal void AddTo(Command command)
    {
        command.Options.Add(_name);
        command.Options.Add(_branch);
        command.Options.Add(_machine);
    }

    internal TrendQuery Read(ParseResult parse) => new()
    {
        RunName = parse.GetValue(_name),
        Branch = parse.GetValue(_branch),
        Machine = parse.GetValue(_machine),
    };
}
