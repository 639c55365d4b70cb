using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Threading;
using Edm.Profiling.Generators.Model;
using Microsoft.CodeAnalysis;

namespace Edm.Profiling.Generators.Diagnostics;

/// <summary>
/// Counts, over one compilation, the calls to profiled methods and why those left unprobed were
/// left: the EDM008 summary. Filled concurrently by the call-site actions, read once at the end.
/// </summary>
internal sealed class InterceptionTally
{
    private readonly object _gate = new();
    private readonly Dictionary<SkipReason, int> _skipped = [];
    private int _calls;
    private int _intercepted;

    // Where the summary is reported: the first counted call, by file path then position. A location
    // in a file lets the [*.cs] sections of an .editorconfig set its severity, as for any rule.
    private Location? _first;

    /// <summary>One call to a profiled method at <paramref name="location"/>, intercepted when <paramref name="reason"/> is <see cref="SkipReason.None"/>.</summary>
    public void Add(SkipReason reason, Location location)
    {
        Interlocked.Increment(ref _calls);
        if (reason == SkipReason.None)
        {
            Interlocked.Increment(ref _intercepted);
        }

        lock (_gate)
        {
            if (_first is null || Precedes(location, _first))
            {
                _first = location;
            }

            if (reason != SkipReason.None)
            {
                _skipped.TryGetValue(reason, out int count);
                _skipped[reason] = count + 1;
            }
        }
    }

    private static bool Precedes(Location a, Location b)
    {
        int byPath = string.CompareOrdinal(a.SourceTree?.FilePath, b.SourceTree?.FilePath);
        return byPath < 0 || (byPath == 0 && a.SourceSpan.Start < b.SourceSpan.Start);
    }

    /// <summary>The EDM008 summary: "N of M call sites to profiled methods are intercepted", then the skips by reason.</summary>
    public Diagnostic ToDiagnostic()
    {
        string details;
        Location location;
        lock (_gate)
        {
            location = _first ?? Location.None;
            details = _skipped.Count == 0
                ? string.Empty
                : "; not intercepted: " + string.Join(", ", _skipped.OrderBy(pair => pair.Key).Select(pair => string.Format(CultureInfo.InvariantCulture, "{0} {1}", pair.Value, pair.Key)));
        }

        return Diagnostic.Create(
            DiagnosticDescriptors.InterceptionSummary,
            location,
            Volatile.Read(ref _intercepted).ToString(CultureInfo.InvariantCulture),
            Volatile.Read(ref _calls).ToString(CultureInfo.InvariantCulture),
            details);
    }
}
