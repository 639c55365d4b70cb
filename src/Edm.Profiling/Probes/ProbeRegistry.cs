namespace Edm.Profiling;

/// <summary>
/// Process-wide table of probes. Ids are dense indexes, so thread buffers can keep their per-probe
/// slots in plain arrays. Registration is rare and takes a lock: a generated interceptor class
/// registers its probes from its static field initialisers (before its first profiled call), each
/// compilation's module initialiser adds its unprobed call sites, and a scope name registers on first
/// use. Lookups on the hot path read an array.
/// </summary>
internal static class ProbeRegistry
{
    private static readonly object s_gate = new();
    private static readonly Dictionary<string, int> s_idsByName = new(StringComparer.Ordinal);
    private static ProbeDescriptor[] s_descriptors = new ProbeDescriptor[64];

    // What the inlined fast path reads, one byte a probe: 0 for a plain timed call, else the
    // ProbeModes bits, so a plain call pays one check and a Detailed or sampled one a single read.
    private static byte[] s_modes = new byte[64];
    private static int s_count;

    // The running session's layer cap (SessionOptions.MaxLayer); Profiler.MaxLayer caps it further.
    private static Layer s_sessionLayer = Layer.Detailed;

    /// <summary>Number of registered probes.</summary>
    internal static int Count => Volatile.Read(ref s_count);

    /// <summary>
    /// What probe <paramref name="id"/> records beyond a plain timed call (<see cref="ProbeModes"/>), after the
    /// run-time layer cap and adaptive timing. Read on every call, so it is a byte array rather than a descriptor lookup.
    /// </summary>
    internal static ProbeModes Modes(int id)
    {
        byte[] modes = s_modes;
        return (uint)id < (uint)modes.Length ? (ProbeModes)modes[id] : ProbeModes.None;
    }

    /// <summary>Whether probe <paramref name="id"/> records the Detailed figures, after the run-time cap.</summary>
    internal static bool IsDetailed(int id) => (Modes(id) & ProbeModes.Detailed) != 0;

    /// <summary>Whether probe <paramref name="id"/> must take the general path: Detailed, or sampled by adaptive timing.</summary>
    internal static bool NeedsGeneralPath(int id) => Modes(id) != ProbeModes.None;

    /// <summary>Whether adaptive timing times probe <paramref name="id"/> one call in N (<see cref="AdaptiveTiming"/>).</summary>
    internal static bool IsSampled(int id) => (Modes(id) & ProbeModes.Sampled) != 0;

    /// <summary>Switches adaptive timing on or off for a probe; threads see it on their next call.</summary>
    internal static void SetSampled(int id, bool sampled)
    {
        lock (s_gate)
        {
            if ((uint)id >= (uint)s_count)
            {
                return;
            }

            s_modes[id] = (byte)(sampled ? s_modes[id] | (byte)ProbeModes.Sampled : s_modes[id] & ~(byte)ProbeModes.Sampled);
        }
    }

    /// <summary>Switches adaptive timing off for every probe (a session starts or stops).</summary>
    internal static void ClearSampled()
    {
        lock (s_gate)
        {
            for (int id = 0; id < s_count; id++)
            {
                s_modes[id] &= unchecked((byte)~(byte)ProbeModes.Sampled);
            }
        }
    }

    internal static ProbeDescriptor Get(int id) => Volatile.Read(ref s_descriptors)[id];

    /// <summary>
    /// Registers a probe, or returns the id of the one already registered under the same name
    /// (two assemblies that both intercept calls to a library method share its probe). A second
    /// registration fills in what the first did not know (the declaring assembly knows the source
    /// file and line, a calling assembly may not) and adds its unprobed call-site counts.
    /// </summary>
    internal static int Register(ProbeDescriptor descriptor)
    {
        int id = Add(descriptor);
        ProcessSession.EnsureStarted();
        return id;
    }

    /// <summary>Registers one of the profiler's own probes (calibration): no process session is started for it.</summary>
    internal static int RegisterOwn(ProbeDescriptor descriptor) => Add(descriptor);

    /// <summary>Adds a probe without starting the process session (<see cref="Probe.RegisterAll(string)"/> starts it once for a table).</summary>
    internal static int Add(ProbeDescriptor descriptor)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        lock (s_gate)
        {
            if (s_idsByName.TryGetValue(descriptor.Name, out int existing))
            {
                // Readers take the array element as a whole: the old descriptor or the merged one.
                s_descriptors[existing] = Merge(s_descriptors[existing], descriptor);
                return existing;
            }

            int id = s_count;
            if (id == s_descriptors.Length)
            {
                // Copy-then-publish keeps lock-free readers on a consistent array.
                var descriptors = new ProbeDescriptor[id * 2];
                Array.Copy(s_descriptors, descriptors, id);
                var modes = new byte[id * 2];
                Array.Copy(s_modes, modes, id);
                s_descriptors = descriptors;
                Volatile.Write(ref s_modes, modes);
            }

            s_descriptors[id] = descriptor;
            s_modes[id] = (byte)(RecordsDetailed(descriptor) ? ProbeModes.Detailed : ProbeModes.None);
            s_idsByName.Add(descriptor.Name, id);
            Volatile.Write(ref s_count, id + 1);
            return id;
        }
    }

    /// <summary>
    /// What two registrations of one probe know together. The first registration's layer and kind
    /// stand (both come from the same attribute); missing facts are filled in; counts add up, since
    /// each compilation registers only the call sites it compiled.
    /// </summary>
    internal static ProbeDescriptor Merge(ProbeDescriptor first, ProbeDescriptor second)
    {
        bool takeLocation = string.IsNullOrEmpty(first.File) && !string.IsNullOrEmpty(second.File);
        string? unprobed = UnprobedSiteCounts.Add(first.UnprobedCallSites, second.UnprobedCallSites);
        if (!takeLocation && first.DeclaringType is not null && first.Signature is not null
            && (first.Category is not null || second.Category is null) && unprobed == first.UnprobedCallSites)
        {
            return first;
        }

        return first with
        {
            File = takeLocation ? second.File : first.File,
            Line = takeLocation ? second.Line : first.Line,
            DeclaringType = first.DeclaringType ?? second.DeclaringType,
            Signature = first.Signature ?? second.Signature,
            Category = first.Category ?? second.Category,
            UnprobedCallSites = unprobed,
        };
    }

    /// <summary>
    /// Sets the layer cap of the session that is starting, so the per-call check stays one array read.
    /// Called while no session records; a call that began before keeps the choice it made at entry.
    /// </summary>
    internal static void CapLayer(Layer sessionLayer)
    {
        lock (s_gate)
        {
            if (sessionLayer == s_sessionLayer)
            {
                return;
            }

            s_sessionLayer = sessionLayer;
            var modes = new byte[s_modes.Length];
            for (int id = 0; id < s_count; id++)
            {
                ProbeModes sampled = (ProbeModes)s_modes[id] & ProbeModes.Sampled;
                modes[id] = (byte)(sampled | (RecordsDetailed(s_descriptors[id]) ? ProbeModes.Detailed : ProbeModes.None));
            }

            Volatile.Write(ref s_modes, modes);
        }
    }

    private static bool RecordsDetailed(ProbeDescriptor descriptor) =>
        descriptor.Layer == Layer.Detailed && Profiler.MaxLayer == Layer.Detailed && s_sessionLayer == Layer.Detailed;

    /// <summary>Finds a registered probe by name without registering one.</summary>
    internal static bool TryGetId(string name, out int id)
    {
        lock (s_gate)
        {
            return s_idsByName.TryGetValue(name, out id);
        }
    }

    /// <summary>A consistent copy of the descriptors registered so far, indexed by id.</summary>
    internal static ProbeDescriptor[] Snapshot()
    {
        lock (s_gate)
        {
            return s_descriptors.AsSpan(0, s_count).ToArray();
        }
    }
}
