using System.Runtime.InteropServices;

namespace Edm.Profiling.EventPipe;

/// <summary>
/// The distinct stacks of a trace, each kept once by content (the runtime gives one stack a new id in each
/// stretch between sequence points): an id per stack, its addresses in one shared array. Interning a
/// stack already known allocates nothing.
/// </summary>
internal sealed class InternedStacks
{
    private readonly List<ulong> _addresses = [];
    private readonly List<(int Start, int Length, int NextSameHash)> _stacks = [];
    private readonly Dictionary<int, int> _firstByHash = [];

    /// <summary>How many distinct stacks there are; ids run from 0 to this, less one.</summary>
    internal int Count => _stacks.Count;

    /// <summary>The id of the stack <paramref name="addresses"/> (innermost frame first), added if new.</summary>
    internal int Intern(ReadOnlySpan<ulong> addresses)
    {
        var hash = new HashCode();
        hash.AddBytes(MemoryMarshal.AsBytes(addresses));
        int key = hash.ToHashCode();
        int first = _firstByHash.GetValueOrDefault(key, -1);
        for (int id = first; id >= 0; id = _stacks[id].NextSameHash)
        {
            if (this[id].SequenceEqual(addresses))
            {
                return id;
            }
        }

        _stacks.Add((_addresses.Count, addresses.Length, first));
        _addresses.AddRange(addresses);
        _firstByHash[key] = _stacks.Count - 1;
        return _stacks.Count - 1;
    }

    /// <summary>The addresses of stack <paramref name="id"/>, innermost frame first.</summary>
    internal ReadOnlySpan<ulong> this[int id]
    {
        get
        {
            (int start, int length, _) = _stacks[id];
            return CollectionsMarshal.AsSpan(_addresses).Slice(start, length);
        }
    }
}
