using System.Buffers.Binary;

namespace Edm.Tracks.Audio;

/// <summary>
/// The size the <c>data</c> chunk of a RIFF/WAVE file declares, against the bytes actually there.
/// NAudio quietly clamps a declared length that runs past the end of the file, so a file cut off
/// in a copy or download would read as a shorter track; this is how we notice.
/// </summary>
/// <param name="DeclaredBytes">Length written in the chunk header.</param>
/// <param name="PresentBytes">Bytes from the chunk's start to the end of the file.</param>
public readonly record struct WavDataChunk(long DeclaredBytes, long PresentBytes)
{
    /// <summary>Lengths that streaming writers and RF64 put in the header when the real length lives elsewhere.</summary>
    private const uint UnknownLength = uint.MaxValue;

    /// <summary>Whether the file ends before the declared data does.</summary>
    public bool IsTruncated => DeclaredBytes > PresentBytes;

    /// <summary>Walks the chunk headers to the <c>data</c> chunk; null when there is none or its length is not declared.</summary>
    public static WavDataChunk? Find(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        Span<byte> header = stackalloc byte[12];
        stream.Position = 0;
        if (stream.ReadAtLeast(header, 12, throwOnEndOfStream: false) < 12
            || !header[..4].SequenceEqual("RIFF"u8) || !header[8..12].SequenceEqual("WAVE"u8))
        {
            return null;
        }

        Span<byte> chunk = stackalloc byte[8];
        while (stream.ReadAtLeast(chunk, 8, throwOnEndOfStream: false) == 8)
        {
            uint size = BinaryPrimitives.ReadUInt32LittleEndian(chunk[4..]);
            if (chunk[..4].SequenceEqual("data"u8))
            {
                return size is 0 or UnknownLength ? null : new WavDataChunk(size, stream.Length - stream.Position);
            }

            // Chunks are padded to an even length.
            long next = stream.Position + size + (size & 1);
            if (next > stream.Length)
            {
                return null;
            }

            stream.Position = next;
        }

        return null;
    }
}
