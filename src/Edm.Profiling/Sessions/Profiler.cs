namespace Edm.Profiling;

/// <summary>Entry point of the runtime: the switch, sessions, and manual scopes.</summary>
public static class Profiler
{
    /// <summary>
    /// Whether probes record anything in this process. A <c>static readonly</c> field: once the
    /// class is initialised the JIT treats it as a constant, so generated code's
    /// <c>if (!Profiler.Enabled)</c> fast path costs nothing. False when the environment variable
    /// <c>EDM_PROFILING</c> is <c>0</c> or <c>false</c>, or the AppContext switch
    /// <c>Edm.Profiling.Enabled</c> is false.
    /// </summary>
    public static readonly bool Enabled = ProfilingSwitches.ReadEnabled();

    /// <summary>
    /// The highest layer probes record at (<c>EDM_PROFILING_LAYER=lightweight</c> caps Detailed
    /// probes to timing without a rebuild).
    /// </summary>
    public static readonly Layer MaxLayer = ProfilingSwitches.ReadMaxLayer();

    /// <summary>The running session, or null.</summary>
    public static ProfilingSession? ActiveSession => SessionState.Active;

    /// <summary>
    /// Starts a session: from now until <see cref="ProfilingSession.Stop"/>, probes record into it.
    /// Sessions do not overlap; starting one while another runs throws.
    /// </summary>
    /// <param name="name">Name of the session, e.g. the command being profiled.</param>
    /// <param name="options">What to record besides the per-probe figures.</param>
    /// <exception cref="InvalidOperationException">Another session is running.</exception>
    public static ProfilingSession StartSession(string name, SessionOptions? options = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        return ProfilingSession.Start(name, options ?? new SessionOptions());
    }

    /// <summary>
    /// Profiles a block: <c>using (Profiler.Scope("load")) { … }</c>. The block shows in the report
    /// like a method, named <paramref name="name"/>. Allocates nothing.
    /// </summary>
    /// <param name="name">Name of the block in reports; keep it constant (it is a baseline key).</param>
    /// <param name="layer">
    /// <see cref="Layer.Detailed"/> (default) also counts allocated bytes, GC collections and the
    /// thread's I/O (bytes and system calls, on Linux); <see cref="Layer.Lightweight"/> times only.
    /// </param>
    /// <remarks>For synchronous blocks; a scope whose block awaits is still recorded, with a warning that its callees may be misattributed.</remarks>
    public static ProfilerScope Scope(string name, Layer layer = Layer.Detailed) =>
        Enabled ? ProfilerScope.Begin(name, layer) : default;
}
