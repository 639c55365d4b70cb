namespace Edm.Tracks.Audio;

/// <summary>A file that is not audio we can read; the message is one line that names the file.</summary>
public sealed class AudioFileException : InputException
{
    public AudioFileException()
    {
    }

    public AudioFileException(string message)
        : base(message)
    {
    }

    public AudioFileException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
