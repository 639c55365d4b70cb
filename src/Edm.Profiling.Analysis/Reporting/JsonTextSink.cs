using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Edm.Profiling.Analysis.Reporting;

/// <summary>
/// A <see cref="Utf8JsonWriter"/> whose output goes to a <see cref="TextWriter"/> in pieces, so a
/// large trace is never held whole in memory.
/// </summary>
internal sealed class JsonTextSink : IDisposable
{
    private const int FlushThreshold = 1 << 15;
    private readonly ArrayBufferWriter<byte> _buffer = new(FlushThreshold * 2);
    private readonly TextWriter _output;
    private readonly Decoder _decoder = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetDecoder();
    private char[] _chars = new char[FlushThreshold * 2];

    internal JsonTextSink(TextWriter output, bool indented = false)
    {
        _output = output;
        // The default encoder escapes <, >, & and non-ASCII: safe to paste anywhere, readable by every parser.
        Json = new Utf8JsonWriter(_buffer, new JsonWriterOptions { Indented = indented, Encoder = JavaScriptEncoder.Default });
    }

    internal Utf8JsonWriter Json { get; }

    /// <summary>Passes what has been written on once enough has gathered.</summary>
    internal void FlushIfLarge()
    {
        if (Json.BytesPending + _buffer.WrittenCount >= FlushThreshold)
        {
            Flush();
        }
    }

    /// <summary>Passes everything written so far on to the text writer.</summary>
    internal void Flush()
    {
        Json.Flush();
        ReadOnlySpan<byte> bytes = _buffer.WrittenSpan;
        if (_chars.Length < bytes.Length)
        {
            _chars = new char[bytes.Length];
        }

        // One reused buffer, so a large trace makes no large strings.
        int count = _decoder.GetChars(bytes, _chars, flush: false);
        _output.Write(_chars, 0, count);
        _buffer.ResetWrittenCount();
    }

    public void Dispose()
    {
        Flush();
        Json.Dispose();
    }
}
