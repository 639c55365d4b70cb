using Edm.Tracks.Audio;
using NAudio.Wave;

namespace Edm.Tracks.Tests;

public sealed class WavReaderTests
{
    [Theory]
    [InlineData(16)]
    [InlineData(24)]
    public void Reads_stereo_pcm_into_separate_channels(int bits)
    {
        using var folder = new TempDirectory();
        string path = folder.File("stereo.wav");
        using (var writer = new WaveFileWriter(path, new WaveFormat(44_100, bits, 2)))
        {
            for (int i = 0; i < 1000; i++)
            {
                writer.WriteSample(0.5f);   // left
                writer.WriteSample(-0.25f); // right
            }
        }

        AudioClip clip = WavReader.Read(path);

        Assert.Equal(44_100, clip.SampleRate);
        Assert.Equal(2, clip.Channels.Length);
        Assert.Equal(1000, clip.FrameCount);
        Assert.All(clip.Channels[0], s => Assert.Equal(0.5, s, precision: 3));
        Assert.All(clip.Channels[1], s => Assert.Equal(-0.25, s, precision: 3));
    }

    [Fact]
    public void Reads_ieee_float()
    {
        using var folder = new TempDirectory();
        string path = folder.File("float.wav");
        using (var writer = new WaveFileWriter(path, WaveFormat.CreateIeeeFloatWaveFormat(22_050, 1)))
        {
            writer.WriteSamples([0.1f, -0.7f, 0.3f], 0, 3);
        }

        AudioClip clip = WavReader.Read(path);

        Assert.Equal([0.1f, -0.7f, 0.3f], clip.Channels[0]);
    }

    [Fact]
    public void Writer_output_reads_back_within_16_bit_precision()
    {
        using var folder = new TempDirectory();
        string path = folder.File("round.wav");
        float[] samples = [0f, 0.5f, -0.5f, 0.999f, -1f, 1.5f];
        using (FileStream file = File.Create(path))
        {
            WavWriter.Write(file, samples, 8_000);
            Assert.True(file.CanWrite); // the caller's stream stays open
        }

        AudioClip clip = WavReader.Read(path);

        Assert.Equal(8_000, clip.SampleRate);
        float[] expected = [0f, 0.5f, -0.5f, 0.999f, -1f, 1f]; // 1.5 is clipped
        for (int i = 0; i < expected.Length; i++)
        {
            Assert.Equal(expected[i], clip.Channels[0][i], precision: 3);
        }
    }

    [Fact]
    public void Header_without_samples_is_reported()
    {
        using var folder = new TempDirectory();
        string path = folder.File("empty.wav");
        using (new WaveFileWriter(path, new WaveFormat(22_050, 16, 1)))
        {
        }

        AudioFileException error = Assert.Throws<AudioFileException>(() => WavReader.Read(path));

        Assert.Equal($"{path}: the WAV file holds no audio", error.Message);
    }

    [Fact]
    public void A_folder_is_not_a_wav_file()
    {
        using var folder = new TempDirectory();

        AudioFileException error = Assert.Throws<AudioFileException>(() => WavReader.Read(folder.Path));

        Assert.EndsWith("is a folder, not a WAV file", error.Message, StringComparison.Ordinal);
    }
}
