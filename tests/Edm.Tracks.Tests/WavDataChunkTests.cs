using System.Buffers.Binary;
using System.Text;
using Edm.Tracks.Audio;

namespace Edm.Tracks.Tests;

public sealed class WavDataChunkTests
{
    [Fact]
    public void Finds_the_data_chunk_past_odd_sized_chunks()
    {
        using MemoryStream stream = Riff(("junk", new byte[3]), ("fmt ", new byte[16]), ("data", new byte[40]));

        WavDataChunk? data = WavDataChunk.Find(stream);

        Assert.Equal(new WavDataChunk(40, 40), data);
        Assert.False(data!.Value.IsTruncated);
    }

    [Fact]
    public void A_data_chunk_longer_than_the_file_is_truncated()
    {
        using MemoryStream stream = Riff(("fmt ", new byte[16]), ("data", new byte[40]));
        stream.SetLength(stream.Length - 15);

        WavDataChunk? data = WavDataChunk.Find(stream);

        Assert.Equal(new WavDataChunk(40, 25), data);
        Assert.True(data!.Value.IsTruncated);
    }

    [Fact]
    public void Undeclared_lengths_and_non_riff_files_give_nothing()
    {
        using MemoryStream streaming = Riff(("fmt ", new byte[16]), ("data", new byte[8]));
        BinaryPrimitives.WriteUInt32LittleEndian(streaming.GetBuffer().AsSpan(12 + 8 + 16 + 4), uint.MaxValue);
        using var text = new MemoryStream(Encoding.ASCII.GetBytes("not a riff file at all"));

        Assert.Null(WavDataChunk.Find(streaming));
        Assert.Null(WavDataChunk.Find(text));
    }

    private static MemoryStream Riff(params (string Id, byte[] Body)[] chunks)
    {
        var stream = new MemoryStream();
        stream.Write("RIFF"u8);
        stream.Write(new byte[4]); // the RIFF size is not looked at
        stream.Write("WAVE"u8);
        Span<byte> size = stackalloc byte[4];
        foreach ((string id, byte[] body) in chunks)
        {
            stream.Write(Encoding.ASCII.GetBytes(id));
            BinaryPrimitives.WriteUInt32LittleEndian(size, (uint)body.Length);
            stream.Write(size);
            stream.Write(body);
            if (body.Length % 2 == 1)
            {
                stream.WriteByte(0);
            }
        }

        stream.Position = 0;
        return stream;
    }
}
