using System.Buffers.Binary;
using System.Diagnostics.Tracing;
using System.Text;
using Microsoft.Diagnostics.NETCore.Client;

namespace Edm.Profiling.EventPipe.Tests;

/// <summary>The EventPipe session opened on the own diagnostic port over a blocking socket (<see cref="OwnPortSession"/>).</summary>
public sealed class OwnPortSessionTests
{
    [Fact]
    public void The_request_is_CollectTracing4_with_the_configurations_buffer_rundown_stackwalk_and_providers_in_order()
    {
        var configuration = new EventPipeSessionConfiguration(
            [new EventPipeProvider("P", EventLevel.Informational, 0x5), new EventPipeProvider("Qr", EventLevel.Verbose, 0x18)],
            circularBufferSizeMB: 256,
            rundownKeyword: 0x80020139,
            requestStackwalk: false);

        byte[] request = OwnPortSession.CollectTracingRequest(configuration);

        Assert.Equal("DOTNET_IPC_V1\0", Encoding.ASCII.GetString(request, 0, 14));
        Assert.Equal(request.Length, BinaryPrimitives.ReadUInt16LittleEndian(request.AsSpan(14)));
        Assert.Equal(0x02, request[16]); // EventPipe commands
        Assert.Equal(0x05, request[17]); // CollectTracing4
        Assert.Equal(0, BinaryPrimitives.ReadUInt16LittleEndian(request.AsSpan(18)));
        var payload = request.AsSpan(20);
        Assert.Equal(256u, BinaryPrimitives.ReadUInt32LittleEndian(payload));
        Assert.Equal(1u, BinaryPrimitives.ReadUInt32LittleEndian(payload[4..])); // nettrace
        Assert.Equal(0x80020139ul, BinaryPrimitives.ReadUInt64LittleEndian(payload[8..]));
        Assert.Equal(0, payload[16]); // no stack walk
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(payload[17..]));

        // First provider: keywords 5, level 4, "P" (2 characters with the terminator), empty filter.
        var first = payload[21..];
        Assert.Equal(5ul, BinaryPrimitives.ReadUInt64LittleEndian(first));
        Assert.Equal((uint)EventLevel.Informational, BinaryPrimitives.ReadUInt32LittleEndian(first[8..]));
        Assert.Equal(2u, BinaryPrimitives.ReadUInt32LittleEndian(first[12..]));
        Assert.Equal("P\0", Encoding.Unicode.GetString(first.Slice(16, 4)));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(first[20..]));

        var second = first[24..];
        Assert.Equal(0x18ul, BinaryPrimitives.ReadUInt64LittleEndian(second));
        Assert.Equal((uint)EventLevel.Verbose, BinaryPrimitives.ReadUInt32LittleEndian(second[8..]));
        Assert.Equal(3u, BinaryPrimitives.ReadUInt32LittleEndian(second[12..]));
        Assert.Equal("Qr\0", Encoding.Unicode.GetString(second.Slice(16, 6)));
        Assert.Equal(0u, BinaryPrimitives.ReadUInt32LittleEndian(second[22..]));
        Assert.Equal(26, second.Length);
    }

    [Fact]
    public void A_session_without_rundown_asks_for_rundown_keywords_zero()
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
    public void A_session_on_the_own_port_streams_the_rundown_after_its_stop_and_ends_twice_in_a_row()
    {
        string? port = OwnPortSession.FindOwnPort();
        Assert.NotNull(port); // Linux, diagnostics on: the test host's own port
        EventPipeSessionConfiguration configuration = SamplingProviders.For([CpuSamplingBackend.BackendName], Environment.Version.Major, endsWithRundown: true);
        for (int round = 0; round < 2; round++)
        {
            var tallies = new LiveTallies();
            using OwnPortSession session = OwnPortSession.Open(port!, configuration);
            var reader = new Thread(() => tallies.Read(session.EventStream));
            reader.Start();
            session.Stop();
            Assert.True(reader.Join(TimeSpan.FromSeconds(60)), "the stream did not end after the stop");

            // The rundown names the methods already compiled: this test method among them.
            Assert.True(tallies.MethodsFromRundown > 100, $"{tallies.MethodsFromRundown} methods from the rundown");
        }
    }

    [Fact]
    public void A_port_that_is_not_there_is_null_to_try_and_an_IOException_naming_it_to_open()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"edm-no-such-port-{Guid.NewGuid():N}");
        var configuration = new EventPipeSessionConfiguration([new EventPipeProvider("P", EventLevel.Informational)], 16);
        Assert.Null(OwnPortSession.TryOpen(missing, configuration));
        IOException e = Assert.Throws<IOException>(() => OwnPortSession.Open(missing, configuration));
        Assert.Contains(missing, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_port_that_does_not_answer_falls_back_to_the_diagnostics_client()
    {
        string missing = Path.Combine(Path.GetTempPath(), $"edm-no-such-port-{Guid.NewGuid():N}");
        EventPipeSessionConfiguration configuration = SamplingProviders.For([CpuSamplingBackend.BackendName], Environment.Version.Major, endsWithRundown: true);
        int clients = 0;
        using OpenedSession session = OpenedSession.Open(configuration, missing, () =>
        {
            clients++;
            return new DiagnosticsClient(Environment.ProcessId);
        });
        Assert.Equal(1, clients);
        var tallies = new LiveTallies();
        var reader = new Thread(() => tallies.Read(session.EventStream));
        reader.Start();
        session.Stop();
        Assert.True(reader.Join(TimeSpan.FromSeconds(60)), "the client's stream did not end after the stop");
        Assert.True(tallies.MethodsFromRundown > 100, $"{tallies.MethodsFromRundown} methods from the rundown");
    }
}
