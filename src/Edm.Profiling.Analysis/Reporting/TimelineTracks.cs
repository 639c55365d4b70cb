using System.Globalization;

namespace Edm.Profiling.Analysis.Reporting;

/// <summary>A timeline thread as an exporter draws it: its events on a track of their own.</summary>
/// <param name="Thread">The thread's events.</param>
/// <param name="TrackId">The track's id: the managed thread id, unless an earlier thread had it.</param>
/// <param name="Occurrence">1 for the first thread with its id, 2 for the next one, and so on.</param>
internal readonly record struct TimelineTrack(TimelineThread Thread, int TrackId, int Occurrence)
{
    /// <summary>
    /// The thread's name (or <c>Thread N</c>), and for a thread whose id an earlier one had, which
    /// thread with that id it was.
    /// </summary>
    internal string Label(bool withId)
    {
        string name = (Thread.Name, withId) switch
        {
            ({ Length: > 0 } threadName, true) => $"Thread {Thread.ThreadId} ({threadName})",
            ({ Length: > 0 } threadName, false) => threadName,
            _ => $"Thread {Thread.ThreadId}",
        };
        return Occurrence == 1 ? name : string.Create(CultureInfo.InvariantCulture, $"{name} [thread {Occurrence} with id {Thread.ThreadId}]");
    }
}

/// <summary>
/// One track per thread of a timeline. The runtime hands a managed thread id to a new thread once the
/// thread that had it is gone, so a session can hold two threads with one id; each thread's calls nest,
/// but the two together need not (one thread's scope left open until the end spans the other's calls),
/// and a viewer that draws them on one track warns and misplaces them. A repeated id gets a track id
/// above every thread id.
/// </summary>
internal static class TimelineTracks
{
    internal static IReadOnlyList<TimelineTrack> Of(TimelineData timeline)
    {
        var tracks = new List<TimelineTrack>(timeline.Threads.Count);
        var occurrences = new Dictionary<int, int>();
        int nextFree = timeline.Threads.Count == 0 ? 1 : timeline.Threads.Max(t => t.ThreadId) + 1;
        foreach (TimelineThread thread in timeline.Threads)
        {
            int occurrence = occurrences.GetValueOrDefault(thread.ThreadId) + 1;
            occurrences[thread.ThreadId] = occurrence;
            tracks.Add(new TimelineTrack(thread, occurrence == 1 ? thread.ThreadId : nextFree++, occurrence));
        }

        return tracks;
    }
}
