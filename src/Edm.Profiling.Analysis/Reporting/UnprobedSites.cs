using System.Globalization;

namespace Edm.Profiling.Analysis.Reporting;

/// <summary>
/// How the reports say that a probe's counts miss calls: the uses of the method the build could not
/// intercept (<see cref="ProbeInfo.UnprobedCallSites"/>), in short (beside the count) and with the why
/// (in a note under the table).
/// </summary>
internal static class UnprobedSites
{
    /// <summary>One probe with unprobed uses.</summary>
    /// <param name="Name">The probe's name.</param>
    /// <param name="Sites">Total unprobed uses.</param>
    /// <param name="Short">Beside the count: <c>+2 sites not probed (method group)</c>.</param>
    /// <param name="Why">The reasons explained, one sentence each.</param>
    /// <param name="Called">Whether any call was probed (the probe is in the method table).</param>
    internal sealed record Note(string Name, int Sites, string Short, string Why, bool Called);

    /// <summary>The probes whose counts miss calls, most unprobed uses first.</summary>
    internal static IReadOnlyList<Note> Of(SessionReport session)
    {
        var called = new HashSet<int>(session.Methods.Select(m => m.ProbeId));
        return [.. session.Probes
            .Where(p => p.UnprobedCallSites is { Count: > 0 })
            .Select(p => new Note(
                ReportTables.Printable(p.Name),
                p.UnprobedSiteTotal(),
                Short(p.UnprobedCallSites!),
                string.Join(" ", p.UnprobedCallSites!.Select(u => Explain(u.Reason)).Distinct(StringComparer.Ordinal)),
                called.Contains(p.Id)))
            .OrderByDescending(n => n.Sites)
            .ThenBy(n => n.Name, StringComparer.Ordinal)];
    }

    /// <summary>The note of each probe by id, for the method table.</summary>
    internal static Dictionary<int, string> ShortById(SessionReport session) =>
        session.Probes.Where(p => p.UnprobedCallSites is { Count: > 0 }).ToDictionary(p => p.Id, p => Short(p.UnprobedCallSites!));

    /// <summary><c>+3 sites not probed (2 method group, 1 base call)</c>; with one reason, no per-reason figure.</summary>
    internal static string Short(IReadOnlyList<UnprobedSiteCount> counts)
    {
        int total = counts.Sum(c => c.Sites);
        string reasons = counts.Count == 1
            ? Label(counts[0].Reason)
            : string.Join(", ", counts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Sites} {Label(c.Reason)}")));
        return string.Create(CultureInfo.InvariantCulture, $"+{total} site{(total == 1 ? "" : "s")} not probed ({reasons})");
    }

    /// <summary>A reason in a few words; one this version does not know is shown as written.</summary>
    internal static string Label(string reason) => reason switch
    {
        "MethodGroup" => "method group",
        "BaseCall" => "base call",
        "ExpressionTree" => "expression tree",
        "DynamicCall" => "dynamic call",
        "ConstrainedCall" => "call on a type parameter",
        "NoInterceptableLocation" => "no interceptable location",
        "UnresolvedCall" => "unresolved call",
        "GeneratorFault" => "generator fault",
        "InaccessibleGeneric" or "InaccessibleSignatureType" or "InaccessibleWithoutUnsafeAccessor" or "InaccessibleInStaticClass"
            or "UnsupportedSignature" or "UnsupportedIterator" or "TypeParameterNameClash" or "ResultTypeNotProbed" => "method not reachable",
        _ => ReportTables.Printable(reason),
    };

    /// <summary>Why such a use runs the method without its probe, and what to do.</summary>
    internal static string Explain(string reason) => reason switch
    {
        "MethodGroup" => "A method group passes the method as a delegate: calls through it run without the probe (EDM002's code fix turns it into a lambda, whose call is probed).",
        "BaseCall" => "A base call must stay non-virtual, so it is not intercepted.",
        "ExpressionTree" => "A call inside an expression tree must stay translatable, so it is not intercepted.",
        "DynamicCall" => "A dynamic call is bound at run time; the compiler cannot intercept it.",
        "ConstrainedCall" => "An interface method called on a type parameter that may be a struct is not intercepted (it would box).",
        "NoInterceptableLocation" or "UnresolvedCall" or "GeneratorFault" => "The build could not intercept these calls (see EDM002 in the build output).",
        "InaccessibleGeneric" or "InaccessibleSignatureType" or "InaccessibleWithoutUnsafeAccessor" or "InaccessibleInStaticClass"
            or "UnsupportedSignature" or "UnsupportedIterator" or "TypeParameterNameClash" or "ResultTypeNotProbed" => "Generated code cannot reach this method in this build, so no call to it is probed (EDM001, EDM011 or EDM002 in the build output says why).",
        _ => $"Not intercepted: {ReportTables.Printable(reason)} (see EDM002 in the build output).",
    };
}
