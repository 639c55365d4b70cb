namespace Edm.Tracks;

/// <summary>
/// Something the user gave us is wrong (a missing file, a malformed label, a folder in the way).
/// The message is one line, shown as is, without a stack trace.
/// </summary>
public class InputException : Exception
{
    public InputException()
    {
    }

    public InputException(string message)
        : base(message)
    {
    }

    public InputException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
