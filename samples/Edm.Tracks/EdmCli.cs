using System.CommandLine;
using Edm.Tracks.Commands;

namespace Edm.Tracks;

/// <summary>The <c>edm</c> command tree.</summary>
public static class EdmCli
{
    /// <summary>
    /// Builds the root command with every subcommand. Kept apart from <c>Program</c> so a host can
    /// extend the tree (e.g. add profiling options) before parsing, and tests can invoke it with
    /// captured output.
    /// </summary>
    public static RootCommand Build() => new("edm: tempo, beats and loudness of electronic dance music tracks")
    {
        AnalyzeCommand.Create(),
        EvaluateCommand.Create(),
        GenerateCommand.Create(),
        DemoPathCommand.Create(),
    };
}
