namespace Edm.Profiling.Analysis.Reporting;

/// <summary>An open or close of a call on one thread's timeline.</summary>
/// <param name="IsOpen">True for the start of a call, false for its end.</param>
/// <param name="ProbeId">The probe called.</param>
/// <param name="AtNs">When, in nanoseconds since the session started.</param>
/// <param name="OpenedAtNs">For a close, when the call started; for an open, <paramref name="AtNs"/>.</param>
/// <param name="Depth">Calls open around this one on the thread.</param>
internal readonly record struct TimelineEvent(bool IsOpen, int ProbeId, long AtNs, long OpenedAtNs, int Depth);

/// <summary>
/// One thread's enter/exit events as opens and closes that viewers accept: in time order, every close
/// matching the innermost open call, every open closed.
/// </summary>
/// <remarks>
/// The runtime keeps events nested, with one exception (a scope that ended on another thread leaves
/// its enter unclosed, see <see cref="TimelineData"/>), and a file may have been edited. So: an exit
/// closes the calls opened inside its own call at its time; an exit with no open call is dropped; a
/// time going backwards is held at the previous time; calls still open at the end close at
/// <c>endNs</c>.
/// </remarks>
internal static class NestedTimeline
{
    internal static IEnumerable<TimelineEvent> Events(TimelineThread thread, long endNs)
    {
        int count = Math.Min(thread.Kinds.Length, Math.Min(thread.AtNs.Count, thread.ProbeIds.Count));
        var open = new List<(int ProbeId, long StartNs)>();
        long now = 0;
        for (int i = 0; i < count; i++)
        {
            now = Math.Max(now, thread.AtNs[i]);
            int probeId = thread.ProbeIds[i];
            if (thread.Kinds[i] == 'E')
            {
                open.Add((probeId, now));
                yield return new TimelineEvent(true, probeId, now, now, open.Count - 1);
            }
            else if (thread.Kinds[i] == 'X')
            {
                int match = open.Count - 1;
                while (match >= 0 && open[match].ProbeId != probeId)
                {
                    match--;
                }

                while (match >= 0 && open.Count > match)
                {
                    (int id, long start) = open[^1];
                    open.RemoveAt(open.Count - 1);
                    yield return new TimelineEvent(false, id, now, start, open.Count);
                }
            }
        }

        now = Math.Max(now, endNs);
        while (open.Count > 0)
        {
            (int id, long start) = open[^1];
            open.RemoveAt(open.Count - 1);
            yield return new TimelineEvent(false, id, now, start, open.Count);
        }
    }

    /// <summary>The time of a thread's last event, or 0.</summary>
    internal static long LastNs(TimelineThread thread) => thread.AtNs.Count == 0 ? 0 : thread.AtNs.Max();
}
