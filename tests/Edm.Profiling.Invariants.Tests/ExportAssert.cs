using System.Text.Json.Nodes;

namespace Edm.Profiling.Invariants.Tests;

/// <summary>Checks of exported files as their readers read them.</summary>
internal static class ExportAssert
{
    /// <summary>
    /// One thread's complete events nest when each end is <c>ts + dur</c> in IEEE doubles, as viewers
    /// compute it; every event starts after 0.
    /// </summary>
    internal static void NestedAsReadersAddDoubles(IReadOnlyList<JsonObject> events)
    {
        var spans = events.Select(e => (Name: (string?)e["name"], Start: (double)e["ts"]!, End: (double)e["ts"]! + (double)e["dur"]!))
            .OrderBy(s => s.Start).ThenByDescending(s => s.End).ToList();
        var open = new Stack<(string? Name, double Start, double End)>();
        foreach (var span in spans)
        {
            Assert.True(span.Start > 0, $"{span.Name} starts at {span.Start}");
            while (open.Count > 0 && open.Peek().End <= span.Start)
            {
                open.Pop();
            }

            if (open.Count > 0)
            {
                Assert.True(span.End <= open.Peek().End, $"{span.Name} [{span.Start:R}, {span.End:R}] overlaps {open.Peek().Name} [{open.Peek().Start:R}, {open.Peek().End:R}]");
            }

            open.Push(span);
        }
    }

    /// <summary>An evented speedscope profile: every close ends the innermost open frame, times never go back, nothing left open.</summary>
    internal static void EventedNests(JsonObject profile)
    {
        var open = new Stack<int>();
        double last = (double)profile["startValue"]!;
        foreach (JsonObject e in profile["events"]!.AsArray().Select(e => e!.AsObject()))
        {
            double at = (double)e["at"]!;
            Assert.True(at >= last, $"{profile["name"]}: event at {at} after {last}");
            last = at;
            int frame = (int)e["frame"]!;
            if ((string?)e["type"] == "O")
            {
                open.Push(frame);
            }
            else
            {
                Assert.True(open.Count > 0 && open.Pop() == frame, $"{profile["name"]}: close of frame {frame} that is not the innermost open one");
            }
        }

        Assert.Empty(open);
        Assert.True(last <= (double)profile["endValue"]!);
    }

    /// <summary>The JSON model an HTML report embeds for its script.</summary>
    internal static JsonObject HtmlModel(string html)
    {
        const string Open = "<script type=\"application/json\"";
        int start = html.IndexOf(Open, StringComparison.Ordinal);
        Assert.True(start >= 0, "no data element in the page");
        start = html.IndexOf('>', start) + 1;
        int end = html.IndexOf("</script>", start, StringComparison.Ordinal);
        return JsonNode.Parse(html[start..end])!.AsObject();
    }
}
