namespace Edm.Tracks.Commands;

/// <summary>What <c>edm</c> returns to the shell.</summary>
public static class ExitCodes
{
    /// <summary>Everything went through.</summary>
    public const int Success = 0;

    /// <summary>
    /// An input was bad (missing, unreadable, malformed); the message is on standard error. Commands
    /// over several files still process the good ones. Command-line syntax errors also return 1.
    /// </summary>
    public const int InputError = 1;
}
