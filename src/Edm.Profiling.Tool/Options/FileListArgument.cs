using System.CommandLine;

namespace Edm.Profiling.Tool.Options;

/// <summary>
/// An argument that takes one or more files (or folders and patterns): a word that looks like an option
/// is refused as unknown rather than taken for a file, as a single-file argument would leave it unmatched.
/// </summary>
internal static class FileListArgument
{
    internal static Argument<string[]> Create(string name, string description)
    {
        var argument = new Argument<string[]>(name) { Description = description, Arity = ArgumentArity.OneOrMore };
        argument.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
            {
                if (token.Value.Length > 1 && token.Value[0] == '-')
                {
                    result.AddError($"unknown command, option or argument '{token.Value}'");
                }
            }
        });
        return argument;
    }
}
