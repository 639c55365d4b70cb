using System.Text.Json;
using System.Text.Json.Serialization;
using static Edm.Profiling.JsonFields;

namespace Edm.Profiling;

/// <summary>
/// Reads <c>callTree[]</c> nodes token by token, for the reason and on the terms of
/// <see cref="MethodStatisticsJsonConverter"/>: a fast path whose refusals the generated code explains,
/// and a test that every property of <see cref="CallTreeNode"/> survives it.
/// </summary>
internal sealed class CallTreeNodeJsonConverter : JsonConverter<CallTreeNode>
{
    public override CallTreeNode Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        int id = 0, probeId = 0;
        int? parentId = null;
        long calls = 0, inclusive = 0, self = 0;
        long? allocated = null, selfAllocated = null, compensatedInclusive = null, compensatedSelf = null, timedCalls = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("id"u8))
            {
                id = Int32(ref reader);
            }
            else if (reader.ValueTextEquals("parentId"u8))
            {
                parentId = NullOr(ref reader) ? null : Int32Here(ref reader);
            }
            else if (reader.ValueTextEquals("probeId"u8))
            {
                probeId = Int32(ref reader);
            }
            else if (reader.ValueTextEquals("calls"u8))
            {
                calls = Int64(ref reader);
            }
            else if (reader.ValueTextEquals("inclusiveNs"u8))
            {
                inclusive = Int64(ref reader);
            }
            else if (reader.ValueTextEquals("selfNs"u8))
            {
                self = Int64(ref reader);
            }
            else if (reader.ValueTextEquals("allocatedBytes"u8))
            {
                allocated = NullOr(ref reader) ? null : Int64Here(ref reader);
            }
            else if (reader.ValueTextEquals("selfAllocatedBytes"u8))
            {
                selfAllocated = NullOr(ref reader) ? null : Int64Here(ref reader);
            }
            else if (reader.ValueTextEquals("compensatedInclusiveNs"u8))
            {
                compensatedInclusive = NullOr(ref reader) ? null : Int64Here(ref reader);
            }
            else if (reader.ValueTextEquals("compensatedSelfNs"u8))
            {
                compensatedSelf = NullOr(ref reader) ? null : Int64Here(ref reader);
            }
            else if (reader.ValueTextEquals("timedCalls"u8))
            {
                timedCalls = NullOr(ref reader) ? null : Int64Here(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new CallTreeNode
        {
            Id = id,
            ParentId = parentId,
            ProbeId = probeId,
            Calls = calls,
            InclusiveNs = inclusive,
            SelfNs = self,
            AllocatedBytes = allocated,
            SelfAllocatedBytes = selfAllocated,
            CompensatedInclusiveNs = compensatedInclusive,
            CompensatedSelfNs = compensatedSelf,
            TimedCalls = timedCalls,
        };
    }

    public override void Write(Utf8JsonWriter writer, CallTreeNode value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, SessionJsonPlainContext.Default.CallTreeNode);
}
