namespace Edm.Profiling;

/// <summary>
/// Process-wide state of profiling: which session is active (its epoch, read on every call), the
/// settings the hot path needs, the registry of thread buffers, and warnings for the session.
/// </summary>
/// <remarks>
/// Sessions do not overlap: starting a second one while one runs is refused. Each session has a
/// fresh epoch; a thread buffer carries the epoch it was last reset for and resets itself on its
/// next call, on its own thread, so no other thread ever writes into it. A call whose frame carries an
/// older epoch than the active one ended after its session stopped and is dropped.
/// </remarks>
internal static class SessionState
{
    private static readonly object s_gate = new();
    private static readonly List<ThreadBuffer> s_buffers = [];
    private static readonly List<string> s_warnings = [];
    private static int s_lastEpoch;

    /// <summary>Epoch of the active session; 0 when none runs or an internal fault switched probing off.</summary>
    internal static int ActiveEpoch;

    internal static int CpuSampleInterval = SessionOptions.DefaultCpuSampleInterval;
    internal static int ReservoirSize;
    internal static bool RecordTimeline;

    internal static ProfilingSession? Active { get; private set; }

    /// <summary>
    /// Epoch of the running session, kept after an internal fault (unlike <see cref="ActiveEpoch"/>), so
    /// live metrics still read what it recorded; 0 when none runs. Not read by probes.
    /// </summary>
    internal static int RecordingEpoch { get; private set; }

    internal static object Gate => s_gate;

    /// <summary>Refuses a session named <paramref name="name"/> while another runs.</summary>
    internal static void ThrowIfActive(string name)
    {
        lock (s_gate)
        {
            if (Active is not null)
            {
                throw new InvalidOperationException(
                    $"Profiling session '{Active.Name}' is still running; stop it before starting '{name}'. Sessions do not overlap.");
            }
        }
    }

    internal static int Begin(ProfilingSession session, SessionOptions options)
    {
        lock (s_gate)
        {
            ThrowIfActive(session.Name);

            CpuSampleInterval = Math.Max(1, options.CpuSampleInterval);
            ReservoirSize = Math.Max(0, options.SampleReservoirSize);
            RecordTimeline = options.RecordTimeline;
            TimelineBuffer.ResetBudget(options.TimelineCapacity);
            ProbeRegistry.CapLayer(options.MaxLayer);
            s_warnings.Clear();
            Active = session;

            // The calibration records under an epoch of its own, which no report reads; other threads'
            // calls in that fraction of a millisecond are dropped, as calls before a session are.
            if (options.Calibrate)
            {
                int calibrationEpoch = ++s_lastEpoch;
                Volatile.Write(ref ActiveEpoch, calibrationEpoch);
                string? failure = null;
                try
                {
                    Cost = ProbeCalibration.Measure(calibrationEpoch);
                    if (Cost is not null && options.CalibrateAtStop)
                    {
                        ProbeCalibration.CompileTiered(calibrationEpoch);
                    }
                }
#pragma warning disable CA1031 // Profiling never throws into user code: the session runs uncalibrated.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    Cost = null;
                    failure = $"The probe cost could not be measured ({e.GetType().Name}: {e.Message}); times are not compensated.";
                }

                TimelineBuffer.ResetBudget(options.TimelineCapacity);
                s_warnings.Clear();
                if (failure is not null)
                {
                    s_warnings.Add(failure);
                }
            }
            else
            {
                Cost = null;
            }

            // The untimed-call check has no epoch test: countdowns left by an earlier session (or the
            // calibration) go before this one's calls can be counted (ThreadBuffer.ForgetCountdowns).
            foreach (ThreadBuffer buffer in s_buffers)
            {
                buffer.ForgetCountdowns();
            }

            int epoch = ++s_lastEpoch;
            AdaptiveTiming.Start(epoch, options, Cost);
            RecordingEpoch = epoch;
            Volatile.Write(ref ActiveEpoch, epoch);
            return epoch;
        }
    }

    /// <summary>An epoch no session records under: where the stop calibration's thread buffer goes once it is done.</summary>
    internal static int ReserveEpoch()
    {
        lock (s_gate)
        {
            return ++s_lastEpoch;
        }
    }

    /// <summary>What the calibration at the start of the active (or last) session measured; null when it did not run.</summary>
    internal static ProbeCost? Cost { get; private set; }

    /// <summary>The buffers recording for <paramref name="epoch"/>, without stopping: for a snapshot of a running session.</summary>
    internal static (List<ThreadBuffer> Buffers, List<string> Warnings) Peek(int epoch)
    {
        lock (s_gate)
        {
            return (PeekBuffersLocked(epoch), [.. s_warnings]);
        }
    }

    /// <summary>The buffers recording for <paramref name="epoch"/>, for a collection of live metrics.</summary>
    internal static List<ThreadBuffer> PeekBuffers(int epoch)
    {
        lock (s_gate)
        {
            return PeekBuffersLocked(epoch);
        }
    }

    // A plain loop: adaptive timing's review calls this on the ticker's thread while the program runs, and code
    // it calls for the first time then (a spread of a non-empty sequence) would put off the program's tiering.
    private static List<ThreadBuffer> PeekBuffersLocked(int epoch)
    {
        var buffers = new List<ThreadBuffer>();
        foreach (ThreadBuffer buffer in s_buffers)
        {
            if (buffer.Epoch == epoch && !ProbeCalibration.IsCalibrationThread(buffer.Thread))
            {
                buffers.Add(buffer);
            }
        }

        return buffers;
    }

    /// <summary>Stops recording and hands back the buffers that recorded for <paramref name="epoch"/>.</summary>
    internal static (List<ThreadBuffer> Buffers, List<string> Warnings) End(int epoch)
    {
        lock (s_gate)
        {
            Interlocked.CompareExchange(ref ActiveEpoch, 0, epoch);
            AdaptiveTiming.Stop();
            var buffers = new List<ThreadBuffer>();
            foreach (ThreadBuffer buffer in s_buffers)
            {
                if (buffer.Epoch == epoch)
                {
                    buffers.Add(buffer);
                }
            }

            // Threads that ended will never probe again: their buffers are merged now and dropped.
            s_buffers.RemoveAll(b => !b.Thread.IsAlive);
            var warnings = new List<string>(s_warnings);
            Active = null;
            RecordingEpoch = 0;
            return (buffers, warnings);
        }
    }

    internal static void Register(ThreadBuffer buffer)
    {
        lock (s_gate)
        {
            s_buffers.Add(buffer);
        }
    }

    /// <summary>
    /// An internal fault: probing switches off for the rest of the session, and the session says why.
    /// Never throws, since it runs on the user's call path.
    /// </summary>
    internal static void Fault(Exception exception)
    {
        try
        {
            Volatile.Write(ref ActiveEpoch, 0);
            lock (s_gate)
            {
                s_warnings.Add($"Profiling stopped after an internal fault: {exception.GetType().Name}: {exception.Message}");
            }
        }
#pragma warning disable CA1031 // Profiling never throws into user code.
        catch
#pragma warning restore CA1031
        {
        }
    }

    internal static void Warn(string message)
    {
        lock (s_gate)
        {
            if (!s_warnings.Contains(message))
            {
                s_warnings.Add(message);
            }
        }
    }
}
