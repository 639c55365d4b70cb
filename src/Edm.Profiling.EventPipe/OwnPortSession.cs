using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Win32.SafeHandles;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// An EventPipe session on this process's own diagnostic port, spoken to over a blocking Unix socket: the
/// <c>CollectTracing4</c> request, the session's stream read with blocking reads on that connection, and
/// <c>StopTracing</c> on a second one, as the diagnostics IPC protocol describes them.
/// </summary>
/// <remarks>
/// Why not the diagnostics client: it connects with an asynchronous socket, which starts .NET's socket engine
/// thread and the thread pool (workers and the gate thread) in a program that may have none. Those threads call
/// framework code for the first time now and then for the rest of the run (the gate thread 0.5 s after the pool
/// starts, and again later), and each first call holds up the tiered compiler's promotion of the program's hot
/// code by 100 ms or more (benchmarks/README.md, "Memory overhead, tenth wave-2 session"). .NET's <c>Socket</c>
/// starts the engine too, so the socket is made and connected with the C library and read and written as a file.
/// Linux only (the address layout differs elsewhere); elsewhere, or for what this class does not write (provider
/// arguments, event filters), the client is used (<see cref="OpenedSession"/>).
/// </remarks>
internal sealed partial class OwnPortSession : IDisposable
{
    /// <summary>The runtime from which <c>CollectTracing4</c> (rundown keywords, the stack walk choice) exists.</summary>
    internal const int CollectTracing4Since = 9;

    private const byte EventPipeCommandSet = 0x02;
    private const byte StopTracingCommand = 0x01;
    private const byte CollectTracing4Command = 0x05;
    private const byte ServerCommandSet = 0xFF;
    private const byte OkResponse = 0x00;
    private const int HeaderBytes = 20;
    private const int NetTraceFormat = 1;

    private const int AfUnix = 1;
    private const int SockStreamCloseOnExec = 1 | 0x80000; // SOCK_STREAM | SOCK_CLOEXEC (Linux)
    private const int SunPathBytes = 108; // sockaddr_un's path on Linux

    /// <summary>Every message starts with "DOTNET_IPC_V1" and a zero: 14 bytes.</summary>
    private static ReadOnlySpan<byte> Magic => "DOTNET_IPC_V1\0"u8;

    private readonly string _port;
    private bool _stopped;
    private bool _disposed;

    private OwnPortSession(string port, FileStream connection, ulong id)
    {
        _port = port;
        Id = id;
        EventStream = connection;
    }

    /// <summary>The runtime's id of the session.</summary>
    internal ulong Id { get; }

    /// <summary>The session's <c>nettrace</c> stream; it ends after the rundown once the session is stopped.</summary>
    internal Stream EventStream { get; }

    /// <summary>
    /// This process's diagnostic port where it is the default one (a Unix socket in the temporary folder named
    /// after the process id) and the runtime knows <c>CollectTracing4</c>; otherwise null.
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
            return sockets.Length == 1 ? sockets[0] : null; // none: diagnostics off or another port; several: a stale one beside it
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="configuration"/> can be written by this class (no provider arguments, no event filters).</summary>
    internal static bool CanRequest(EventPipeSessionConfiguration configuration) =>
        configuration.Providers.All(p => (p.Arguments is null || p.Arguments.Count == 0) && p.EventFilter is null);

    /// <summary>
    /// Opens the session <paramref name="configuration"/> describes on the port at <paramref name="port"/>, or null
    /// when nothing answers there (no such socket, or a stale file left by an earlier process with the same id).
    /// </summary>
    /// <exception cref="IOException">The runtime refused the session or broke off the exchange.</exception>
    internal static OwnPortSession? TryOpen(string port, EventPipeSessionConfiguration configuration)
    {
        if (Connect(port) is not { } connection)
        {
            return null;
        }

        try
        {
            connection.Write(CollectTracingRequest(configuration));
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
    /// The <c>CollectTracing4</c> request (command set 0x02, command 0x05). Payload: circular buffer (MB, uint32),
    /// format (uint32, 1 = nettrace), rundown keywords (uint64, 0 = no rundown), stack walk wanted (one byte), then
    /// the count of providers and each provider's keywords (uint64), level (uint32), name and filter data (strings:
    /// a uint32 count of UTF-16 code units including the terminating zero, then the units; an empty one is a zero count).
    /// </summary>
    internal static byte[] CollectTracingRequest(EventPipeSessionConfiguration configuration)
    {
        var payload = new List<byte>(64);
        AddUInt32(payload, (uint)configuration.CircularBufferSizeInMB);
        AddUInt32(payload, NetTraceFormat);
        AddUInt64(payload, configuration.RequestRundown ? (ulong)configuration.RundownKeyword : 0);
        payload.Add(configuration.RequestStackwalk ? (byte)1 : (byte)0);
        AddUInt32(payload, (uint)configuration.Providers.Count);
        foreach (EventPipeProvider provider in configuration.Providers)
        {
            AddUInt64(payload, (ulong)provider.Keywords);
            AddUInt32(payload, (uint)provider.EventLevel);
            AddUInt32(payload, (uint)provider.Name.Length + 1);
            payload.AddRange(Encoding.Unicode.GetBytes(provider.Name + "\0"));
            AddUInt32(payload, 0); // no filter data
        }

        return Message(EventPipeCommandSet, CollectTracing4Command, [.. payload]);
    }

    /// <summary>The <c>StopTracing</c> request (command set 0x02, command 0x01): the session's id (uint64).</summary>
    internal static byte[] StopTracingRequest(ulong id)
    {
        var payload = new byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(payload, id);
        return Message(EventPipeCommandSet, StopTracingCommand, payload);
    }

    /// <summary>Asks the runtime to end the session: it writes the rundown, then ends the stream.</summary>
    /// <exception cref="IOException">The port did not answer or the runtime refused.</exception>
    internal void Stop()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        _stopped = true;
        using FileStream connection = Connect(_port) ?? throw new IOException($"the diagnostic port {_port} did not answer the stop");
        connection.Write(StopTracingRequest(Id));
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
            try
            {
                Stop(); // a session left open would stream on into a connection no one reads
            }
            catch (IOException)
            {
                // The runtime ends the session when its connection closes below.
            }
        }

        _disposed = true;
        EventStream.Dispose();
    }

    /// <summary>A message: the magic, the whole message's size (uint16), command set, command, two reserved zero bytes, the payload.</summary>
    private static byte[] Message(byte commandSet, byte command, byte[] payload)
    {
        int size = HeaderBytes + payload.Length;
        if (size > ushort.MaxValue)
        {
            throw new ArgumentException($"a diagnostics IPC message of {size} bytes is larger than the protocol allows", nameof(payload));
        }

        var message = new byte[size];
        Magic.CopyTo(message);
        BinaryPrimitives.WriteUInt16LittleEndian(message.AsSpan(14), (ushort)size);
        message[16] = commandSet;
        message[17] = command;
        payload.CopyTo(message, HeaderBytes);
        return message;
    }

    /// <summary>A blocking connection to the socket at <paramref name="port"/>, as a file; null when it cannot be made.</summary>
    private static FileStream? Connect(string port)
    {
        byte[] path = Encoding.UTF8.GetBytes(port);
        if (path.Length >= SunPathBytes)
        {
            return null;
        }

        // sockaddr_un: the family (uint16), then the path and its terminating zero.
        var address = new byte[2 + SunPathBytes];
        BinaryPrimitives.WriteUInt16LittleEndian(address, AfUnix);
        path.CopyTo(address, 2);
        int socket = CreateSocket(AfUnix, SockStreamCloseOnExec, 0);
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

    /// <summary>Reads a response: OK carries the session's id (uint64), an error its HRESULT (uint32), thrown.</summary>
    private static ulong ReadResponse(FileStream connection, string request, string port)
    {
        Span<byte> header = stackalloc byte[HeaderBytes];
        ReadExactly(connection, header, request, port);
        if (!header[..Magic.Length].SequenceEqual(Magic))
        {
            throw new IOException($"the diagnostic port {port} answered {request} with something that is not a diagnostics IPC message");
        }

        int payloadBytes = BinaryPrimitives.ReadUInt16LittleEndian(header[14..]) - HeaderBytes;
        if (payloadBytes is < sizeof(uint) or > sizeof(ulong))
        {
            throw new IOException($"the diagnostic port {port} answered {request} with a payload of {payloadBytes} bytes");
        }

        Span<byte> payload = stackalloc byte[payloadBytes];
        ReadExactly(connection, payload, request, port);
        if (header[16] != ServerCommandSet || header[17] != OkResponse || payloadBytes != sizeof(ulong))
        {
            throw new IOException($"the runtime refused {request} (HRESULT 0x{BinaryPrimitives.ReadUInt32LittleEndian(payload):X8})");
        }

        return BinaryPrimitives.ReadUInt64LittleEndian(payload);
    }

    private static void ReadExactly(FileStream connection, Span<byte> into, string request, string port)
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

    private static void AddUInt32(List<byte> bytes, uint value)
    {
        Span<byte> span = stackalloc byte[sizeof(uint)];
        BinaryPrimitives.WriteUInt32LittleEndian(span, value);
        bytes.AddRange(span);
    }

    private static void AddUInt64(List<byte> bytes, ulong value)
    {
        Span<byte> span = stackalloc byte[sizeof(ulong)];
        BinaryPrimitives.WriteUInt64LittleEndian(span, value);
        bytes.AddRange(span);
    }

    [LibraryImport("libc", EntryPoint = "socket", SetLastError = true)]
    private static partial int CreateSocket(int domain, int type, int protocol);

    [LibraryImport("libc", EntryPoint = "connect", SetLastError = true)]
    private static partial int ConnectSocket(int socket, byte[] address, int length);
}
