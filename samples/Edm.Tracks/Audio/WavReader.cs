using Edm.Profiling;
using NAudio.Wave;

namespace Edm.Tracks.Audio;

/// <summary>
/// Reads WAV files (PCM 8/16/24/32-bit, IEEE float, WAVE_FORMAT_EXTENSIBLE) through NAudio, which
/// knows the format's many variants; this class adds the checks NAudio leaves to its callers
/// (a data chunk cut short) and turns every failure into one line for the user.
/// </summary>
public static class WavReader
{
    private const int FramesPerRead = 4096;

    /// <summary>Reads a whole WAV file into memory.</summary>
    /// <param name="path">The file to read.</param>
    /// <exception cref="AudioFileException">The file is missing, unreadable, not a WAV file, or truncated.</exception>
    [Profile(Category = "io")]
    public static AudioClip Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new AudioFileException(Directory.Exists(path) ? $"{path}: is a folder, not a WAV file" : $"{path}: no such file");
        }

        try
        {
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
            WavDataChunk? data = WavDataChunk.Find(file);
            file.Position = 0;
            using var reader = new WaveFileReader(file);
            if (data is { IsTruncated: true } cut)
            {
                WaveFormat format = reader.WaveFormat;
                int blockAlign = Math.Max(1, format.BlockAlign);
                double declaredSeconds = (double)cut.DeclaredBytes / Math.Max(1, format.AverageBytesPerSecond);
                throw new AudioFileException(
                    $"{path}: truncated WAV: the data chunk declares {cut.DeclaredBytes / blockAlign} frames ({declaredSeconds:F2} s) but the file holds {cut.PresentBytes / blockAlign}");
            }

            return Decode(reader, path);
        }
        catch (FormatException e)
        {
            throw new AudioFileException($"{path}: not a WAV file ({TrimPeriod(e.Message)})", e);
        }
        catch (EndOfStreamException e)
        {
            throw new AudioFileException($"{path}: not a WAV file or truncated header (ends inside a chunk header)", e);
        }
        catch (ArgumentException e)
        {
            // NAudio rejects some malformed headers (e.g. zero channels) with ArgumentException.
            throw new AudioFileException($"{path}: malformed WAV header ({TrimPeriod(e.Message)})", e);
        }
        catch (UnauthorizedAccessException e)
        {
            throw new AudioFileException($"{path}: permission denied", e);
        }
        catch (IOException e)
        {
            throw new AudioFileException($"{path}: cannot read ({TrimPeriod(e.Message)})", e);
        }
    }

    private static AudioClip Decode(WaveFileReader reader, string path)
    {
        WaveFormat format = reader.WaveFormat;
        if (format.Channels <= 0 || format.SampleRate <= 0 || format.BlockAlign <= 0)
        {
            throw new AudioFileException($"{path}: malformed WAV header ({format.Channels} channels at {format.SampleRate} Hz)");
        }

        ISampleProvider samples;
        try
        {
            samples = reader.ToSampleProvider();
        }
        catch (ArgumentException e)
        {
            throw new AudioFileException($"{path}: unsupported WAV encoding {format.Encoding} at {format.BitsPerSample} bits", e);
        }

        int channelCount = format.Channels;
        long declaredFrames = reader.Length / format.BlockAlign;
        if (declaredFrames == 0)
        {
            throw new AudioFileException($"{path}: the WAV file holds no audio");
        }

        if (declaredFrames > int.MaxValue)
        {
            throw new AudioFileException($"{path}: too long to analyse in memory");
        }

        var channels = new float[channelCount][];
        for (int c = 0; c < channelCount; c++)
        {
            channels[c] = new float[declaredFrames];
        }

        var buffer = new float[FramesPerRead * channelCount];
        int frame = 0;
        while (frame < declaredFrames)
        {
            int wanted = (int)Math.Min(FramesPerRead, declaredFrames - frame) * channelCount;
            int read = samples.Read(buffer.AsSpan(0, wanted));
            if (read <= 0)
            {
                break;
            }

            int frames = read / channelCount;
            for (int i = 0; i < frames; i++)
            {
                for (int c = 0; c < channelCount; c++)
                {
                    channels[c][frame + i] = buffer[(i * channelCount) + c];
                }
            }

            frame += frames;
        }

        if (frame < declaredFrames)
        {
            throw new AudioFileException(
                $"{path}: truncated WAV: the data chunk declares {declaredFrames} frames ({(double)declaredFrames / format.SampleRate:F2} s) but the file holds {frame}");
        }

        return new AudioClip(channels, format.SampleRate);
    }

    private static string TrimPeriod(string message) => message.Trim().TrimEnd('.');
}
