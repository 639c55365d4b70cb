using System.Globalization;
using System.Text;

namespace Edm.Profiling.Analysis.Reporting;

/// <summary>
/// Folded stacks, the input of Brendan Gregg's FlameGraph and its ports (inferno, speedscope, …):
/// one line per call-tree path, <c>root;child;leaf 12345</c>, the number being the path's self time
/// in nanoseconds unless <see cref="FoldedValue"/> says otherwise. Paths whose value is 0 are left out.
/// A session with CPU samples adds the sampled frames below the probes, and an <c>(outside probes)</c>
/// root, weighted by samples × interval (time values only; see <see cref="MergedStacks"/>).
/// <see cref="FoldedValue.SampledAllocatedBytes"/> writes the allocation samples the same way, in estimated bytes.
/// </summary>
/// <remarks>
/// Those tools split frames on <c>;</c> and take the number after the last space, with no escape
/// syntax of their own. So in names <c>%</c> becomes <c>%25</c>, <c>;</c> becomes <c>%3B</c>, and line
/// breaks become <c>%0A</c> and <c>%0D</c>: a name never splits, and <see cref="UnescapeName"/> gives it back.
/// </remarks>
public sealed class FoldedStackWriter : IReportWriter
{
    private readonly FoldedValue _value;

    /// <summary>Creates a writer that counts <paramref name="value"/>.</summary>
    public FoldedStackWriter(FoldedValue value = FoldedValue.SelfNanoseconds) => _value = value;

    /// <inheritdoc />
    public ReportFormat Format => ReportFormat.Folded;

    /// <inheritdoc />
    public void Write(ReportContent content, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(output);
        SessionReport session = content.RequireSession(Format);
        if (_value == FoldedValue.SampledAllocatedBytes)
        {
            WriteStacks(AllocationTree.Stacks(session), output);
            return;
        }

        if (session.CpuSamples is not null && _value != FoldedValue.SelfAllocatedBytes)
        {
            WriteStacks(MergedStacks.Of(session).Select(s => (s.Frames, _value == FoldedValue.SelfMicroseconds ? s.WeightNs / 1_000 : s.WeightNs)), output);
            return;
        }

        var tree = new CallTreeIndex(session);
        var names = new Dictionary<int, string>();
        var line = new StringBuilder();
        foreach ((CallTreeNode node, IReadOnlyList<int> path) in tree.WalkWithPaths())
        {
            long value = ValueOf(node);
            if (value <= 0)
            {
                continue;
            }

            line.Clear();
            for (int i = 0; i < path.Count; i++)
            {
                if (!names.TryGetValue(path[i], out string? name))
                {
                    names[path[i]] = name = EscapeName(tree.NameOf(path[i]));
                }

                line.Append(i == 0 ? "" : ";").Append(name);
            }

            line.Append(' ').Append(value.ToString(CultureInfo.InvariantCulture));
            output.Write(line);
            output.Write('\n');
        }
    }

    private static void WriteStacks(IEnumerable<(IReadOnlyList<MergedFrame> Frames, long Value)> stacks, TextWriter output)
    {
        var line = new StringBuilder();
        foreach ((IReadOnlyList<MergedFrame> frames, long value) in stacks)
        {
            if (value <= 0)
            {
                continue;
            }

            line.Clear();
            for (int i = 0; i < frames.Count; i++)
            {
                line.Append(i == 0 ? "" : ";").Append(EscapeName(frames[i].Name));
            }

            line.Append(' ').Append(value.ToString(CultureInfo.InvariantCulture));
            output.Write(line);
            output.Write('\n');
        }
    }

    /// <summary>A name as it appears in a folded line.</summary>
    public static string EscapeName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        string escaped = name
            .Replace("%", "%25", StringComparison.Ordinal)
            .Replace(";", "%3B", StringComparison.Ordinal)
            .Replace("\n", "%0A", StringComparison.Ordinal)
            .Replace("\r", "%0D", StringComparison.Ordinal);
        // An empty frame would read as two separators.
        return escaped.Length == 0 ? "%00" : escaped;
    }

    /// <summary>The name a folded frame stands for (the inverse of <see cref="EscapeName"/>).</summary>
    public static string UnescapeName(string frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (frame == "%00")
        {
            return "";
        }

        return frame
            .Replace("%0D", "\r", StringComparison.Ordinal)
            .Replace("%0A", "\n", StringComparison.Ordinal)
            .Replace("%3B", ";", StringComparison.Ordinal)
            .Replace("%25", "%", StringComparison.Ordinal);
    }

    private long ValueOf(CallTreeNode node) => _value switch
    {
        FoldedValue.SelfMicroseconds => node.SelfNs / 1_000,
        FoldedValue.SelfAllocatedBytes => node.SelfAllocatedBytes ?? 0,
        _ => node.SelfNs,
    };
}
