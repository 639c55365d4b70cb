using System.Text.Json;
using System.Text.Json.Serialization;
using static Edm.Profiling.JsonFields;

namespace Edm.Profiling;

/// <summary>
/// Reads <c>methods[]</c> entries token by token. System.Text.Json builds a record of init-only
/// properties through its constructor path, with every value boxed into an argument array and a frame
/// pushed per nested object; for the 10,000 entries of a large session that was most of the time a
/// load took. Writing is the generated code's (<see cref="SessionJsonPlainContext"/>).
/// </summary>
/// <remarks>
/// Any problem (a wrong type, a missing histogram) throws, and <see cref="SessionJson"/> then reads
/// the document again with the generated code alone, whose error names the exact property: this reader
/// is the fast path, not a second definition of what is valid. A property it does not know is skipped,
/// as everywhere in the format; a test checks that every property of <see cref="MethodStatistics"/>
/// survives this reader, so a new one cannot be dropped by it unnoticed.
/// </remarks>
internal sealed class MethodStatisticsJsonConverter : JsonConverter<MethodStatistics>
{
    private static readonly CompactInt64ArrayConverter s_longs = new();
    private static readonly CompactInt32ArrayConverter s_ints = new();
    private static readonly DurationSampleJsonConverter s_samples = new();

    public override MethodStatistics Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        int probeId = 0;
        long calls = 0, faulted = 0, inclusive = 0, self = 0, total = 0, min = 0, max = 0, mean = 0, p50 = 0, p90 = 0, p99 = 0;
        Histogram? histogram = null;
        bool hasHistogram = false;
        DurationSample? samples = null;
        AllocationStatistics? allocations = null;
        CpuStatistics? cpu = null;
        IoStatistics? io = null;
        long? compensatedInclusive = null, compensatedSelf = null, probeOverhead = null;
        SampledTiming? sampling = null;
        HeapDeltaStatistics? heapDelta = null;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("probeId"u8))
            {
                probeId = Int32(ref reader);
            }
            else if (reader.ValueTextEquals("calls"u8))
            {
                calls = Int64(ref reader);
            }
            else if (reader.ValueTextEquals("faultedCalls"u8))
            {
                faulted = Int64(ref reader);
            }
            else if (reader.ValueTextEquals("inclusiveNs"u8))
            {
                inclusive = Int64(ref reader);
            }
            else if (reader.ValueTextEquals("selfNs"u8))
            {
                self = Int64(ref reader);
            }
            else if (reader.ValueTextEquals("totalNs"u8))
            {
                total = Int64(ref reader);
            }
            else if (reader.ValueTextEquals("minNs"u8))
            {
                min = Int64(ref reader);
            }
            else if (reader.ValueTextEquals("maxNs"u8))
            {
                max = Int64(ref reader);
            }
            else if (reader.ValueTextEquals("meanNs"u8))
            {
                mean = Int64(ref reader);
            }
            else if (reader.ValueTextEquals("p50Ns"u8))
            {
                p50 = Int64(ref reader);
            }
            else if (reader.ValueTextEquals("p90Ns"u8))
            {
                p90 = Int64(ref reader);
            }
            else if (reader.ValueTextEquals("p99Ns"u8))
            {
                p99 = Int64(ref reader);
            }
            else if (reader.ValueTextEquals("histogram"u8))
            {
                hasHistogram = true;
                histogram = NullOr(ref reader) ? null : ReadHistogram(ref reader, options);
            }
            else if (reader.ValueTextEquals("samples"u8))
            {
                samples = NullOr(ref reader) ? null : s_samples.Read(ref reader, typeof(DurationSample), options);
            }
            else if (reader.ValueTextEquals("allocations"u8))
            {
                allocations = NullOr(ref reader) ? null : ReadAllocations(ref reader);
            }
            else if (reader.ValueTextEquals("cpu"u8))
            {
                cpu = NullOr(ref reader) ? null : JsonSerializer.Deserialize(ref reader, SessionJsonPlainContext.Default.CpuStatistics);
            }
            else if (reader.ValueTextEquals("io"u8))
            {
                io = NullOr(ref reader) ? null : JsonSerializer.Deserialize(ref reader, SessionJsonPlainContext.Default.IoStatistics);
            }
            else if (reader.ValueTextEquals("compensatedInclusiveNs"u8))
            {
                compensatedInclusive = NullOr(ref reader) ? null : Int64Here(ref reader);
            }
            else if (reader.ValueTextEquals("compensatedSelfNs"u8))
            {
                compensatedSelf = NullOr(ref reader) ? null : Int64Here(ref reader);
            }
            else if (reader.ValueTextEquals("probeOverheadNs"u8))
            {
                probeOverhead = NullOr(ref reader) ? null : Int64Here(ref reader);
            }
            else if (reader.ValueTextEquals("sampling"u8))
            {
                sampling = NullOr(ref reader) ? null : JsonSerializer.Deserialize(ref reader, SessionJsonPlainContext.Default.SampledTiming);
            }
            else if (reader.ValueTextEquals("heapDelta"u8))
            {
                heapDelta = NullOr(ref reader) ? null : JsonSerializer.Deserialize(ref reader, SessionJsonPlainContext.Default.HeapDeltaStatistics);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (!hasHistogram)
        {
            // Required: the generated code's error says so.
            throw new JsonException();
        }

        return new MethodStatistics
        {
            ProbeId = probeId,
            Calls = calls,
            FaultedCalls = faulted,
            InclusiveNs = inclusive,
            SelfNs = self,
            TotalNs = total,
            MinNs = min,
            MaxNs = max,
            MeanNs = mean,
            P50Ns = p50,
            P90Ns = p90,
            P99Ns = p99,
            Histogram = histogram!,
            Samples = samples,
            Allocations = allocations,
            Cpu = cpu,
            Io = io,
            CompensatedInclusiveNs = compensatedInclusive,
            CompensatedSelfNs = compensatedSelf,
            ProbeOverheadNs = probeOverhead,
            Sampling = sampling,
            HeapDelta = heapDelta,
        };
    }

    public override void Write(Utf8JsonWriter writer, MethodStatistics value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value, SessionJsonPlainContext.Default.MethodStatistics);

    private static Histogram ReadHistogram(ref Utf8JsonReader reader, JsonSerializerOptions options)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        // Absent properties are what the generated code makes of them (it passes defaults, not the
        // record's initialisers), so that the validator judges both readers' results alike.
        int subBucketBits = 0;
        IReadOnlyList<int> buckets = null!;
        IReadOnlyList<long> counts = null!;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("subBucketBits"u8))
            {
                subBucketBits = Int32(ref reader);
            }
            else if (reader.ValueTextEquals("buckets"u8))
            {
                reader.Read();
                buckets = s_ints.Read(ref reader, typeof(IReadOnlyList<int>), options)!;
            }
            else if (reader.ValueTextEquals("counts"u8))
            {
                reader.Read();
                counts = s_longs.Read(ref reader, typeof(IReadOnlyList<long>), options)!;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new Histogram { SubBucketBits = subBucketBits, Buckets = buckets, Counts = counts };
    }

    private static AllocationStatistics ReadAllocations(ref Utf8JsonReader reader)
    {
        Expect(ref reader, JsonTokenType.StartObject);
        long calls = 0, allocated = 0, selfAllocated = 0, gen0 = 0, gen1 = 0, gen2 = 0;
        bool approximate = false;
        while (NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("calls"u8))
            {
                calls = Int64(ref reader);
            }
            else if (reader.ValueTextEquals("allocatedBytes"u8))
            {
                allocated = Int64(ref reader);
            }
            else if (reader.ValueTextEquals("selfAllocatedBytes"u8))
            {
                selfAllocated = Int64(ref reader);
            }
            else if (reader.ValueTextEquals("approximate"u8))
            {
                reader.Read();
                approximate = reader.TokenType switch
                {
                    JsonTokenType.True => true,
                    JsonTokenType.False => false,
                    _ => throw new JsonException(),
                };
            }
            else if (reader.ValueTextEquals("gen0Collections"u8))
            {
                gen0 = Int64(ref reader);
            }
            else if (reader.ValueTextEquals("gen1Collections"u8))
            {
                gen1 = Int64(ref reader);
            }
            else if (reader.ValueTextEquals("gen2Collections"u8))
            {
                gen2 = Int64(ref reader);
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        return new AllocationStatistics
        {
            Calls = calls,
            AllocatedBytes = allocated,
            SelfAllocatedBytes = selfAllocated,
            Approximate = approximate,
            Gen0Collections = gen0,
            Gen1Collections = gen1,
            Gen2Collections = gen2,
        };
    }
}
