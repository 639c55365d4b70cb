using System.Collections;
using System.ComponentModel;
using System.Runtime.CompilerServices;

namespace Edm.Profiling;

/// <summary>
/// The probe API that generated interceptors call. Not meant to be called by hand: use
/// <see cref="ProfileAttribute"/> or <see cref="Profiler.Scope(string, Layer)"/>.
/// </summary>
/// <remarks>
/// The shape generated code uses for a synchronous method (after <see cref="TryCountUntimed(int)"/>):
/// <code>
/// var frame = Probe.Enter(id);
/// try { return target(args); }
/// catch (Exception) when (Probe.Faulted(ref frame)) { throw; }   // never catches: counts, keeps the stack
/// finally { Probe.Exit(ref frame); }
/// </code>
/// For a method returning a task, <see cref="EnterAsync(int)"/>, <c>return Probe.Complete(target(args), ref frame)</c>
/// and <see cref="ExitAsync(ref ProbeFrame)"/>. For iterators, <see cref="Enumerable{T}(IEnumerable{T}, int)"/> and
/// its siblings wrap the returned sequence. None of these methods throws: an internal fault switches
/// probing off and becomes a warning in the session.
/// </remarks>
[EditorBrowsable(EditorBrowsableState.Never)]
public static class Probe
{
    /// <summary>Registers a probe and returns its id; a probe with the same name returns the same id.</summary>
    public static int Register(ProbeDescriptor descriptor) => ProbeRegistry.Register(descriptor);

    /// <summary>
    /// Registers the probe of a profiled method and returns its id: the form generated code uses, one
    /// call with positional arguments (cheaper to compile, a thousand times over, than an object initializer).
    /// </summary>
    /// <param name="name">Stable display name, the baseline key (<see cref="ProbeDescriptor.Name"/>).</param>
    /// <param name="declaringType">Fully qualified declaring type.</param>
    /// <param name="signature">Method signature as written by the generator.</param>
    /// <param name="file">Source file of the declaration, or null when unknown.</param>
    /// <param name="line">1-based line of the declaration, 0 when unknown.</param>
    /// <param name="layer">Layer requested by the attribute.</param>
    /// <param name="kind">What the probe wraps.</param>
    /// <param name="category">Category from the attribute, if any.</param>
    /// <param name="unprobedCallSites">Uses the registering compilation could not intercept (<see cref="ProbeDescriptor.UnprobedCallSites"/>), if any.</param>
    /// <param name="sampling">False when the attribute opts out of adaptive timing (<see cref="ProbeDescriptor.Sampling"/>).</param>
    public static int Register(string name, string declaringType, string signature, string? file, int line, Layer layer, ProbeKind kind, string? category = null, string? unprobedCallSites = null, bool sampling = true) =>
        ProbeRegistry.Register(new ProbeDescriptor(name)
        {
            DeclaringType = declaringType,
            Signature = signature,
            File = file,
            Line = line,
            Layer = layer,
            Kind = kind,
            Category = category,
            UnprobedCallSites = unprobedCallSites,
            Sampling = sampling,
        });

    /// <summary>
    /// Registers the probes of one generated interceptor class and returns their ids in table order: the form
    /// generated code uses, <c>private static readonly int[] ProbeIds = Probe.RegisterAll("…");</c>, then one
    /// <c>static readonly int</c> per probe read from it (the JIT folds those into the fast path as constants).
    /// </summary>
    /// <param name="table">
    /// The probes as the generator writes them: a record per probe, the fields of
    /// <see cref="Register(string, string, string, string?, int, Layer, ProbeKind, string?, string?, bool)"/> separated
    /// by U+001F and the records by U+001E (the format is internal to a package version).
    /// </param>
    public static int[] RegisterAll(string table)
    {
        ArgumentNullException.ThrowIfNull(table);
        ProbeDescriptor[] descriptors = ProbeTable.Parse(table);
        var ids = new int[descriptors.Length];
        for (int i = 0; i < descriptors.Length; i++)
        {
            ids[i] = ProbeRegistry.Add(descriptors[i]);
        }

        ProcessSession.EnsureStarted();
        return ids;
    }

    /// <summary>
    /// Adaptive timing's untimed call: true when probe <paramref name="probeId"/> is one adaptive timing times
    /// one call in N and this call is not the one to time. The call is then counted, and the interceptor
    /// calls the method directly, without <see cref="Enter(int)"/> and <see cref="Exit(ref ProbeFrame)"/>:
    /// <c>if (!Profiler.Enabled || Probe.TryCountUntimed(id)) return target(args);</c>. False, at the cost
    /// of one array read, for every other probe.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool TryCountUntimed(int probeId) =>
        (ProbeRegistry.Modes(probeId) & ProbeModes.Sampled) != 0 && ThreadBuffer.TryCountUntimed(probeId);

    /// <summary>Starts a synchronous call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ProbeFrame Enter(int probeId)
    {
        int epoch = SessionState.ActiveEpoch;
        if (epoch == 0)
        {
            return default;
        }

        // The common case (a timed call under a known parent) needs neither a call nor an
        // exception handler; anything else takes the guarded path.
        if (ThreadBuffer.Current is { } buffer && buffer.Epoch == epoch)
        {
            int index = buffer.TryEnterTimed(probeId, epoch);
            if (index >= 0)
            {
                return new ProbeFrame(buffer, index, null);
            }
        }

        return EnterRecording(probeId, epoch);
    }

    // Out of line on purpose: the guarded slow path must not be inlined into Enter/Exit, which are inlined into every interceptor.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static ProbeFrame EnterRecording(int probeId, int epoch)
    {
        try
        {
            ThreadBuffer buffer = ThreadBuffer.For(epoch);
            return new ProbeFrame(buffer, buffer.EnterSync(probeId, epoch), null);
        }
#pragma warning disable CA1031 // Profiling never throws into user code.
        catch (Exception e)
#pragma warning restore CA1031
        {
            SessionState.Fault(e);
            return default;
        }
    }

    /// <summary>
    /// Marks the call as faulted. Used as an exception filter that returns false, so the exception
    /// propagates untouched: same object, same stack trace.
    /// </summary>
    public static bool Faulted(ref ProbeFrame frame)
    {
        frame.Faulted = true;
        return false;
    }

    /// <summary>Ends a synchronous call.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Exit(ref ProbeFrame frame)
    {
        if (frame.Buffer is { } buffer)
        {
            long end = ProbeClock.Now();
            if (!buffer.TryExitTimed(frame.Index, end, frame.Faulted))
            {
                ExitRecording(buffer, frame.Index, end, frame.Faulted);
            }
        }
    }

    private static void ExitRecording(ThreadBuffer buffer, int index, bool faulted) =>
        ExitRecording(buffer, index, ProbeClock.Now(), faulted);

    // Out of line on purpose: the guarded slow path must not be inlined into Enter/Exit, which are inlined into every interceptor.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ExitRecording(ThreadBuffer buffer, int index, long end, bool faulted)
    {
        try
        {
            buffer.Exit(index, end, faulted);
        }
#pragma warning disable CA1031
        catch (Exception e)
#pragma warning restore CA1031
        {
            SessionState.Fault(e);
        }
    }

    /// <summary>Starts a call to a method that returns a task; the call ends when the task completes.</summary>
    public static ProbeFrame EnterAsync(int probeId)
    {
        int epoch = SessionState.ActiveEpoch;
        if (epoch == 0)
        {
            return default;
        }

        try
        {
            ThreadBuffer buffer = ThreadBuffer.For(epoch);
            int index = buffer.EnterAsync(probeId, epoch, out PendingCall call);
            return new ProbeFrame(buffer, index, call);
        }
#pragma warning disable CA1031
        catch (Exception e)
#pragma warning restore CA1031
        {
            SessionState.Fault(e);
            return default;
        }
    }

    /// <summary>Ends the synchronous part of an async call. A call whose task never came back threw: it is recorded as faulted.</summary>
    public static void ExitAsync(ref ProbeFrame frame)
    {
        if (frame.Buffer is not { } buffer || frame.Call is not { } call)
        {
            return;
        }

        long end = ProbeClock.Now();
        try
        {
            buffer.ExitAsyncPart(frame.Index, end, call);
            if (!frame.HandedOff)
            {
                TaskCompletion.Record(call, end, faulted: true);
            }
        }
#pragma warning disable CA1031
        catch (Exception e)
#pragma warning restore CA1031
        {
            SessionState.Fault(e);
        }
    }

    /// <summary>
    /// Records the call when <paramref name="task"/> completes. Returns the task itself if it is
    /// complete, else a task with the same outcome that completes once the call is recorded.
    /// </summary>
    public static Task Complete(Task task, ref ProbeFrame frame) => TaskCompletion.Attach(task, ref frame);

    /// <summary>
    /// Records the call when <paramref name="task"/> completes. Returns the task itself if it is
    /// complete, else a task with the same outcome that completes once the call is recorded.
    /// </summary>
    public static Task<T> Complete<T>(Task<T> task, ref ProbeFrame frame) => TaskCompletion.Attach(task, ref frame);

    /// <summary>Records the call when <paramref name="task"/> completes; returns an equivalent task.</summary>
    public static ValueTask Complete(ValueTask task, ref ProbeFrame frame) => TaskCompletion.Attach(task, ref frame);

    /// <summary>Records the call when <paramref name="task"/> completes; returns an equivalent task.</summary>
    public static ValueTask<T> Complete<T>(ValueTask<T> task, ref ProbeFrame frame) => TaskCompletion.Attach(task, ref frame);

    /// <summary>Wraps an iterator's sequence: each enumeration is one call, timed inside <c>MoveNext</c>.</summary>
    public static IEnumerable<T> Enumerable<T>(IEnumerable<T> source, int probeId) =>
        source is null ? source! : new ProfiledEnumerable<T>(source, probeId);

    /// <summary>Wraps a non-generic iterator's sequence.</summary>
    public static IEnumerable Enumerable(IEnumerable source, int probeId) =>
        source is null ? source! : new ProfiledEnumerable(source, probeId);

    /// <summary>Wraps an iterator that returns its enumerator directly.</summary>
    public static IEnumerator<T> Enumerator<T>(IEnumerator<T> source, int probeId) =>
        source is null ? source! : new ProfiledEnumerator<T>(source, probeId);

    /// <summary>Wraps an async iterator's sequence: each enumeration is one call, timed inside <c>MoveNextAsync</c>.</summary>
    public static IAsyncEnumerable<T> AsyncEnumerable<T>(IAsyncEnumerable<T> source, int probeId) =>
        source is null ? source! : new ProfiledAsyncEnumerable<T>(source, probeId);

    /// <summary>Wraps an async iterator that returns its enumerator directly.</summary>
    public static IAsyncEnumerator<T> AsyncEnumerator<T>(IAsyncEnumerator<T> source, int probeId) =>
        source is null ? source! : new ProfiledAsyncEnumerator<T>(source, probeId);

    // ---- enumeration steps, used by the wrappers ----

    internal static ProbeFrame EnterStep(int probeId, ProbeKind kind, ref PendingCall? call)
    {
        int epoch = SessionState.ActiveEpoch;
        if (epoch == 0 || (call is not null && call.Epoch != epoch))
        {
            return default;
        }

        try
        {
            ThreadBuffer buffer = ThreadBuffer.For(epoch);
            int index = buffer.EnterStep(probeId, epoch, kind, ref call);
            return new ProbeFrame(buffer, index, call);
        }
#pragma warning disable CA1031
        catch (Exception e)
#pragma warning restore CA1031
        {
            SessionState.Fault(e);
            return default;
        }
    }

    internal static void ExitStep(ref ProbeFrame frame)
    {
        if (frame.Buffer is { } buffer)
        {
            ExitRecording(buffer, frame.Index, frame.Faulted);
        }
    }

    internal static void ExitAsyncStepPart(ref ProbeFrame frame)
    {
        if (frame.Buffer is not { } buffer || frame.Call is not { } call)
        {
            return;
        }

        try
        {
            buffer.ExitAsyncStepPart(frame.Index, call);
        }
#pragma warning disable CA1031
        catch (Exception e)
#pragma warning restore CA1031
        {
            SessionState.Fault(e);
        }
    }

    /// <summary>Records a finished enumeration once: the sum of its steps.</summary>
    internal static void CompleteEnumeration(PendingCall? call)
    {
        if (call is null || !call.TryMarkCompleted())
        {
            return;
        }

        try
        {
            long steps = Volatile.Read(ref call.StepTicks);
            call.AsyncParent?.AddChildTicks(steps);
            int epoch = SessionState.ActiveEpoch;
            if (epoch != 0 && call.Epoch == epoch)
            {
                ThreadBuffer.For(epoch).RecordPending(call, steps, ProbeClock.Now(), call.Faulted);
            }
        }
#pragma warning disable CA1031
        catch (Exception e)
#pragma warning restore CA1031
        {
            SessionState.Fault(e);
        }
    }
}
