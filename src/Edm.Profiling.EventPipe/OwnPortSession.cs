using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Win32.SafeHandles;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// An EventPipe session on this process's own diagnostic port, opened over a plain blocking Unix socket: the
/// request (<see cref="CollectTracingRequest"/>), the stream read with plain blocking reads, and the stop
/// request on a second connection, as the diagnostics IPC protocol describes them.
/// </summary>
/// <remarks>
/// Why not the diagnostics client, nor .NET's <c>Socket</c>: on Unix both bring .NET's socket engine into
/// the process (the client connects asynchronously; <c>Socket.Connect</c> runs through the engine too),
/// that is one more managed thread, waiting in <c>epoll</c> for the rest of the run, which the runtime's
/// sampler walks every millisecond like any other, and with the client every read of the stream also wakes
/// that thread and a thread-pool thread before the reader (benchmarks/README.md, "Inside the window").
/// So the socket is made and connected with the C library and read and written as a file. Linux only
/// (the address layout differs elsewhere), where the port is a socket in the temporary folder and the
/// request needs nothing this class does not write (provider arguments, event filters); otherwise the
/// client is used (<see cref="OpenedSession"/>).
/// </remarks>
internal sealed partial class OwnPortSession : IDisposable
{
    /// <summary>The runtime from which <c>CollectTracing4</c> (rundown keywords, stack walk choice) exists.</summary>
    internal const int CollectTracing4Since = 9;

    private const byte EventPipeCommands = 0x02;
    private const byte StopTracing = 0x01;
    private const byte CollectTracing4 = 0x05;
    private const byte ServerResponses = 0xFF;
    private const byte ResponseOk = 0x00;
    private const int HeaderBytes = 20;

    /// <summary>The IPC protocol's magic: "DOTNET_IPC_V1" and a terminating zero, 14 bytes.</summary>
    private static readonly byte[] s_magic = [.. Encoding.ASCII.GetBytes("DOTNET_IPC_V1"), 0];

    private const int UnixFamily = 1; // AF_UNIX
    private const int StreamSocket = 1 | 0x80000; // SOCK_STREAM | SOCK_CLOEXEC (Linux)

    private readonly string _port;
    private bool _stopped;
    private bool _disposed;

    private OwnPortSession(string port, FileStream stream, ulong id)
    {
        _port = port;
        Id = id;
        EventStream = stream;
    }

    /// <summary>The runtime's id of the session.</summary>
    internal ulong Id { get; }

    /// <summary>The session's stream (<c>nettrace</c>), read with blocking reads; it ends after the rundown once stopped.</summary>
    internal Stream EventStream { get; }

    /// <summary>
    /// This process's diagnostic port, when the default one can be found (a Unix socket named after the process
    /// in the temporary folder) and the runtime understands <c>CollectTracing4</c>; otherwise null.
    /// </summary>
    internal static string? FindOwnPort()
    {
        if (!OperatingSystem.IsLinux() || Environment.Version.Major < CollectTracing4Since)
        {
            return null;
        }

        try
        {
            string[] sockets = Directory.GetFiles(Path.GetTempPath(), $"dotnet-diagnostic-{Environment.ProcessId}-*-socket");
            return sockets.Length == 1 ? sockets[0] : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Whether this class can ask for <paramref name="configuration"/> (no provider arguments or event filters).</summary>
    internal static bool CanRequest(EventPipeSessionConfiguration configuration) =>
        configuration.Providers.All(p => (p.Arguments is null || p.Arguments.Count == 0) && p.EventFilter is null);

    /// <summary>Opens the session <paramref name="configuration"/> describes on the port at <paramref name="port"/>.</summary>
    /// <exception cref="IOException">The port did not answer, or the runtime refused the session.</exception>
    internal static OwnPortSession Open(string port, EventPipeSessionConfiguration configuration) =>
        TryOpen(port, configuration) ?? throw new IOException($"the diagnostic port {port} did not answer");

    /// <summary>
    /// Opens the session <paramref name="configuration"/> describes on the port at <paramref name="port"/>, or returns
    /// null when no one answers there (no such socket, or a stale one left by an earlier process of the same id).
    /// </summary>
    /// <exception cref="IOException">The runtime refused the session, or broke off the exchange.</exception>
    internal static OwnPortSession? TryOpen(string port, EventPipeSessionConfiguration configuration)
    {
        if (Connect(port) is not { } connection)
        {
            return null;
        }

        try
        {
            Send(connection, CollectTracingRequest(configuration));
            ulong id = ReadResponse(connection, "CollectTracing4", port);
            return new OwnPortSession(port, connection, id);
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    /// <summary>
    /// The <c>CollectTracing4</c> request (command set 0x02, command 0x05): circular buffer size (MB), format
    /// (1: nettrace), rundown keywords (0: none), stack walk requested (a byte), then the providers, each its
    /// keywords, level, name and an empty filter (strings are UTF-16 with a count of characters, terminator included).
    /// </summary>
    internal static byte[] CollectTracingRequest(EventPipeSessionConfiguration configuration)
    {
        using var payload = new MemoryStream();
        Write32(payload, (uint)configuration.CircularBufferSizeInMB);
        Write32(payload, 1);
        Write64(payload, configuration.RequestRundown ? (ulong)configuration.RundownKeyword : 0);
        payload.WriteByte(configuration.RequestStackwalk ? (byte)1 : (byte)0);
        Write32(payload, (uint)configuration.Providers.Count);
        foreach (EventPipeProvider provider in configuration.Providers)
        {
            Write64(payload, (ulong)provider.Keywords);
            Write32(payload, (uint)provider.EventLevel);
            WriteString(payload, provider.Name);
            Write32(payload, 0); // no filter data
        }

        return Message(EventPipeCommands, CollectTracing4, payload.ToArray());
    }

    /// <summary>The <c>StopTracing</c> request (command set 0x02, command 0x01) for session <paramref name="id"/>.</summary>
    internal static byte[] StopTracingRequest(ulong id)
    {
        var payload = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(payload, id);
        return Message(EventPipeCommands, StopTracing, payload);
    }

    /// <summary>Asks the runtime to end the session: it then writes the rundown, and the stream ends.</summary>
    /// <exception cref="IOException">The port did not answer, or the runtime refused.</exception>
    internal void Stop()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _stopped = true;
        using FileStream connection = Connect(_port) ?? throw new IOException($"the diagnostic port {_port} did not answer the stop");
        Send(connection, StopTracingRequest(Id));
        ReadResponse(connection, "StopTracing", _port);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        if (!_stopped)
        {
            // A session left open would stream on into a connection no one reads: end it (best effort).
            try
            {
                Stop();
            }
            catch (IOException)
            {
                // The runtime ends the session when the connection closes below.
            }
        }

        _disposed = true;
        EventStream.Dispose();
    }

    /// <summary>A message: magic, total size, command set, command, two reserved bytes, payload.</summary>
    private static byte[] Message(byte commandSet, byte command, byte[] payload)
    {
        int size = HeaderBytes + payload.Length;
        if (size > ushort.MaxValue)
        {
            throw new ArgumentException($"a diagnostics IPC message of {size} bytes is larger than the protocol allows", nameof(payload));
        }

        var message = new byte[size];
        s_magic.CopyTo(message, 0);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(14), (ushort)size);
        message[16] = commandSet;
        message[17] = command;
        payload.CopyTo(message, HeaderBytes);
        return message;
    }

    /// <summary>A blocking connection to <paramref name="port"/>, made with the C library and read and written as a file; null when it cannot be made.</summary>
    private static FileStream? Connect(string port)
    {
        byte[] path = Encoding.UTF8.GetBytes(port);
        var address = new byte[2 + 108]; // sockaddr_un: the family, then the path, zero-terminated
        if (path.Length >= 108)
        {
            return null; // too long for a Unix socket's address
        }

        BinaryPrimitives.WriteUInt16LittleEndian(address, UnixFamily);
        path.CopyTo(address, 2);
        int socket = Socket(UnixFamily, StreamSocket, 0);
        if (socket < 0)
        {
            return null;
        }

        var handle = new SafeFileHandle(socket, ownsHandle: true);
        if (ConnectSocket(socket, address, 2 + path.Length + 1) != 0)
        {
            handle.Dispose();
            return null;
        }

        return new FileStream(handle, FileAccess.ReadWrite, bufferSize: 0);
    }

    private static void Send(FileStream connection, byte[] message)
    {
        connection.Write(message);
        connection.Flush();
    }

    /// <summary>Reads a response: OK with a 64-bit session id, or an error with its HRESULT (thrown).</summary>
    private static ulong ReadResponse(FileStream connection, string request, string port)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        ReadAll(connection, header, request, port);
        if (!header[..14].SequenceEqual(s_magic))
        {
            throw new IOException($"the diagnostic port {port} answered {request} with something that is not a diagnostics IPC message");
        }

        int payloadBytes = BinaryPrimitives.ReadUInt16LittleEndian(header[14..]) - HeaderBytes;
        Span<byte> payload = stackalloc byte[8];
        if (payloadBytes is < 4 or > 8)
        {
            throw new IOException($"the diagnostic port {port} answered {request} with a payload of {payloadBytes} bytes");
        }

        ReadAll(connection, payload[..payloadBytes], request, port);
        if (header[16] != ServerResponses || header[17] != ResponseOk || payloadBytes != 8)
        {
            int hresult = BinaryPrimitives.ReadInt32LittleEndian(payload);
            throw new IOException($"the runtime refused {request} (HRESULT 0x{hresult:X8})");
        }

        return BinaryPrimitives.ReadUInt64LittleEndian(payload);
    }

    private static void ReadAll(FileStream connection, Span<byte> into, string request, string port)
    {
        while (!into.IsEmpty)
        {
            int read = connection.Read(into);
            if (read == 0)
            {
                throw new IOException($"the diagnostic port {port} closed the connection while answering {request}");
            }

            into = into[read..];
        }
    }

    private static void Write32(Stream stream, uint value)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32LittleEndian(bytes, value);
        stream.Write(bytes);
    }

    private static void Write64(Stream stream, ulong value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(bytes, value);
        stream.Write(bytes);
    }

    /// <summary>A protocol string: the count of UTF-16 characters with the terminating zero, then the characters and the zero.</summary>
    private static void WriteString(Stream stream, string value)
    {
        Write32(stream, (uint)(value.Length + 1));
        stream.Write(Encoding.Unicode.GetBytes(value + "\0"));
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int Socket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "connect", SetLastError = true)]
    private static partial int ConnectSocket(int socket, byte[] address, int length);
}
