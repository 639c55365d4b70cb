using System.CommandLine;
using Edm.Tracks.Demo;
using Edm.Tracks.Output;

namespace Edm.Tracks.Commands;

/// <summary><c>edm demo-path</c>: prints the demo set's folder, generating the set on first use.</summary>
public static class DemoPathCommand
{
    /// <summary>The command and its action.</summary>
    public static Command Create()
    {
        var command = new Command("demo-path", $"Print the folder of the demo set (generated on first use; ${DemoSet.FolderVariable} overrides it)");
        command.SetAction(parseResult =>
        {
            CommandOutput output = CommandOutput.From(parseResult);
            try
            {
                output.Out.WriteLine(DemoSet.Ensure(output.Error));
                return ExitCodes.Success;
            }
            catch (InputException e)
            {
                output.ReportError(e.Message);
                return ExitCodes.InputError;
            }
        });
        return command;
    }
}
