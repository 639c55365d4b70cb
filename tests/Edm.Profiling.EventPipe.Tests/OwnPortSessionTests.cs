using System.Buffers.Binary;
using System.Diagnostics.Tracing;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Diagnostics.NETCore.Client;

namespace Edm.Profiling.EventPipe.Tests;

/// <summary>
/// The EventPipe session opened on the process's own diagnostic port over a blocking socket (<see cref="OwnPortSession"/>):
/// the bytes of its requests, a real session on the test host's port, and, in a fresh process, that a session with the
/// memory backends starts no thread-pool thread (the diagnostics client's asynchronous socket does).
/// </summary>
public sealed class OwnPortSessionTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("edm-own-port-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public void The_request_is_CollectTracing4_with_buffer_format_rundown_stack_walk_and_each_provider_in_order()
    {
        var configuration = new EventPipeSessionConfiguration(
            [new EventPipeProvider("P", EventLevel.Informational, 0x5), new EventPipeProvider("Qr", EventLevel.Verbose, 0x18)],
            circularBufferSizeMB: 256,
            rundownKeyword: 0x80020139,
            requestStackwalk: false);

        byte[] request = OwnPortSession.CollectTracingRequest(configuration);

        Assert.Equal("DOTNET_IPC_V1\0", Encoding.ASCII.GetString(request, 0, 14));
        Assert.Equal(request.Length, BinaryPrimitives.ReadUInt16LittleEndian(request.AsSpan(14)));
        Assert.Equal(0x02, request[16]); // EventPipe command set
        Assert.Equal(0x05, request[17]); // CollectTracing4
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(request.AsSpan(18)));
        ReadOnlySpan<byte> payload = request.AsSpan(20);
        Assert.Equal(256u, BinaryPrimitives.ReadUInt32LittleEndian(payload));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(payload[4..])); // nettrace
        Assert.Equal(0x80020139ul, BinaryPrimitives.ReadUInt64LittleEndian(payload[8..]));
        Assert.Equal(0, payload[16]); // no stack walk
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(payload[17..]));

        // Each provider: keywords, level, name (count of UTF-16 units with the terminator, then the units), an empty filter.
        ReadOnlySpan<byte> first = payload[21..];
        Assert.Equal(5ul, BinaryPrimitives.ReadUInt64LittleEndian(first));
        Assert.Equal((uint)EventLevel.Informational, BinaryPrimitives.ReadUInt32LittleEndian(first[8..]));
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(first[12..]));
        Assert.Equal("P\0", Encoding.Unicode.GetString(first.Slice(16, 4)));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(first[20..]));

        ReadOnlySpan<byte> second = first[24..];
        Assert.Equal(0x18ul, BinaryPrimitives.ReadUInt64LittleEndian(second));
        Assert.Equal((uint)EventLevel.Verbose, BinaryPrimitives.ReadUInt32LittleEndian(second[8..]));
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(second[12..]));
        Assert.Equal("Qr\0", Encoding.Unicode.GetString(second.Slice(16, 6)));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(second[22..]));
        Assert.Equal(26, second.Length); // nothing after the last provider
    }

    [Fact]
    public void A_session_without_rundown_asks_for_rundown_keywords_zero_and_says_whether_to_walk_stacks()
    {
        var configuration = new EventPipeSessionConfiguration([new EventPipeProvider("P", EventLevel.Informational)], 16, requestRundown: false, requestStackwalk: true);
        byte[] request = OwnPortSession.CollectTracingRequest(configuration);
        Assert.Equal(0ul, BinaryPrimitives.ReadUInt64LittleEndian(request.AsSpan(20 + 8)));
        Assert.Equal(1, request[20 + 16]);
    }

    [Fact]
    public void The_stop_request_is_StopTracing_with_the_session_id()
    {
        byte[] request = OwnPortSession.StopTracingRequest(0x0102030405060708);
        Assert.Equal(28, request.Length);
        Assert.Equal(28, BinaryPrimitives.ReadUInt16LittleEndian(request.AsSpan(14)));
        Assert.Equal(0x02, request[16]);
        Assert.Equal(0x01, request[17]);
        Assert.Equal(0x0102030405060708ul, BinaryPrimitives.ReadUInt64LittleEndian(request.AsSpan(20)));
    }

    [Fact]
    public void Provider_arguments_are_left_to_the_diagnostics_client()
    {
        var plain = new EventPipeSessionConfiguration([new EventPipeProvider("P", EventLevel.Informational)], 16);
        var withArguments = new EventPipeSessionConfiguration(
            [new EventPipeProvider("P", EventLevel.Informational, 0, new Dictionary<string, string> { ["EventCounterIntervalSec"] = "1" })], 16);
        Assert.True(OwnPortSession.CanRequest(plain));
        Assert.False(OwnPortSession.CanRequest(withArguments));
    }

    [Fact]
    public void A_port_where_nothing_answers_is_null()
    {
        string missing = Path.Combine(_folder, "no-such-port");
        Assert.Null(OwnPortSession.TryOpen(missing, new EventPipeSessionConfiguration([new EventPipeProvider("P", EventLevel.Informational)], 16)));
    }

    [Fact]
    public void A_session_on_the_own_port_streams_the_rundown_after_its_stop_twice_in_a_row()
    {
        string? port = OwnPortSession.FindOwnPort();
        Assert.NotNull(port); // Linux, diagnostics on: the test host's own port
        EventPipeSessionConfiguration configuration = SamplingProviders.For([AllocationSamplingBackend.BackendName], Environment.Version.Major, endsWithRundown: true);
        for (int round = 0; round < 2; round++)
        {
            var tallies = new LiveTallies();
            OwnPortSession? session = OwnPortSession.TryOpen(port!, configuration);
            Assert.NotNull(session);
            using (session)
            {
                var reader = new Thread(() => tallies.Read(session.EventStream));
                reader.Start();
                session.Stop();
                Assert.True(reader.Join(TimeSpan.FromSeconds(60)), "the stream did not end after the stop");
            }

            // The rundown names the methods already compiled, this test's among them.
            Assert.True(tallies.MethodsFromRundown > 100, $"{tallies.MethodsFromRundown} methods from the rundown");
        }
    }

    /// <summary>
    /// In a fresh process with no thread pool (the fixture): a session with allocation sampling and the gc backend leaves
    /// it with none, and still has its allocations. The same session through the diagnostics client
    /// (<c>EDM_PROFILING_OWN_PORT=0</c>) starts the pool: the count can tell them apart.
    /// </summary>
    [Fact]
    public void In_a_fresh_process_a_memory_session_on_the_own_port_starts_no_thread_pool_thread()
    {
        Assert.Equal(0, ThreadPoolThreadsAfterASession(ownPort: true, out SessionReport report));
        Assert.True(report.AllocationSamples is { Events: > 0 }, "the session read no allocation");
        Assert.True(report.Gc is { Collections.Count: > 0 }, "the session has no collection");
        Assert.DoesNotContain(report.Warnings, w => w.Contains("Backend", StringComparison.Ordinal));

        Assert.True(ThreadPoolThreadsAfterASession(ownPort: false, out report) > 0, "the diagnostics client started no thread-pool thread: this test's check proves nothing");
        Assert.True(report.AllocationSamples is { Events: > 0 }, "the client's session read no allocation");
    }

    private int ThreadPoolThreadsAfterASession(bool ownPort, out SessionReport report)
    {
        string path = Path.Combine(_folder, $"thread-pool-{ownPort}.json");
        var environment = new Dictionary<string, string> { [ProfilingSwitches.OwnPortVariable] = ownPort ? "1" : "0" };
        var (exitCode, output, error) = Programs.Run(environment, Programs.Fixture, "thread-pool", path);
        Assert.True(exitCode == 0, error);
        Match threads = Regex.Match(output, @"^thread-pool threads (\d+)$", RegexOptions.Multiline);
        Assert.True(threads.Success, output);
        report = SessionJson.ReadFile(path);
        return int.Parse(threads.Groups[1].Value, CultureInfo.InvariantCulture);
    }
}
