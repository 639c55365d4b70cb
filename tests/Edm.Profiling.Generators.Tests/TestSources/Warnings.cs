// User code for the warnings contract (issue 12): generated code never raises a warning in a project
// that builds cleanly without the flag. Profiled methods here are [Obsolete] or use obsolete types,
// carry every nullability and flow attribute, are declared under #nullable disable, or take and
// return pointers. This file itself compiles without any warning (the user's own obsolete uses are
// suppressed here, as a library that keeps an old API does); the tests build it with the generator
// on, nullable enabled and warnings as errors, and run Scenarios in both builds.
using System;
using System.Collections.Generic;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Threading.Tasks;
using Edm.Profiling;

#pragma warning disable CS0612, CS0618 // this library calls its own obsolete API on purpose

namespace Warnings;

[Obsolete("use Thing")]
public sealed class OldThing
{
    public int Value { get; set; } = 3;
}

public static class Legacy
{
    [Profile]
    [Obsolete("use Add")]
    public static int OldAdd(int a, int b) => a + b;

    [Profile]
    [Obsolete]
    public static int Older(int a) => a * 10;

    [Profile]
    public static int Read(OldThing thing) => thing.Value;

    [Profile]
    [Obsolete("private and obsolete")]
    private static int Hidden(int a) => a + 1;

    public static int UseHidden(int a) => Hidden(a);
}

public static class Flow
{
    [Profile]
    public static bool TryGet(int key, [NotNullWhen(true)] out string? value)
    {
        value = key > 0 ? "v" + key : null;
        return value is not null;
    }

    [Profile]
    public static bool TryFind(int key, [MaybeNullWhen(false)] out string value)
    {
        if (key > 0)
        {
            value = "f" + key;
            return true;
        }

        value = null;
        return false;
    }

    [Profile]
    public static bool TryPeek<T>(List<T> items, [MaybeNullWhen(false)] out T item)
    {
        if (items.Count > 0)
        {
            item = items[0];
            return true;
        }

        item = default;
        return false;
    }

    [Profile]
    public static bool IsMissing([NotNullWhen(false)] this string? text) => text is null;

    [Profile]
    [return: NotNullIfNotNull(nameof(text))]
    public static string? Trim(string? text) => text?.Trim();

    [Profile]
    [return: MaybeNull]
    public static T FirstOrNothing<T>(IEnumerable<T> items)
    {
        foreach (T item in items)
        {
            return item;
        }

        return default;
    }

    [Profile]
    [return: NotNull]
    public static string Ensure(string? text) => text ?? string.Empty;

    [Profile]
    public static T? Nothing<T>() => default;

    [Profile]
    public static void Normalize([NotNull] ref string? text) => text ??= "normalized";

    [Profile]
    public static void Assign([AllowNull] ref string text, string? value) => text = value ?? "none";

    [Profile]
    public static int Length([DisallowNull] string? text) => text.Length;

    [Profile]
    public static void Reset<T>([MaybeNull] out T value) => value = default;

    [Profile]
    [DoesNotReturn]
    public static void Fail(string message) => throw new InvalidOperationException(message);

    [Profile]
    public static void Check([DoesNotReturnIf(false)] bool condition, string message)
    {
        if (!condition)
        {
            throw new InvalidOperationException(message);
        }
    }

    [Profile]
    public static string? First(string?[] values, Dictionary<string, object?> bag, (string? Name, int Count) pair) =>
        values.FirstOrDefault() ?? bag.Keys.FirstOrDefault() ?? pair.Name;

    [Profile]
    public static async Task<string?> MaybeAsync(bool give)
    {
        await Task.Yield();
        return give ? "given" : null;
    }

    [Profile]
    public static IEnumerable<string?> Items()
    {
        yield return "a";
        yield return null;
    }
}

public sealed class Holder
{
    private string? _name;

    [Profile]
    [MemberNotNull(nameof(_name))]
    public void Load() => _name = "loaded";

    [Profile]
    [MemberNotNullWhen(true, nameof(_name))]
    public bool TryLoad(bool really)
    {
        if (really)
        {
            _name = "tried";
        }

        return _name is not null;
    }

    public int LoadedLength()
    {
        Load();
        return _name.Length;
    }

    public int TriedLength() => TryLoad(true) ? _name.Length : -1;

    public string Secretly(int key) => TrySecret(key, out string? found) ? found : Throw("none");

    [Profile]
    private static bool TrySecret(int key, [NotNullWhen(true)] out string? found)
    {
        found = key > 0 ? "secret" : null;
        return found is not null;
    }

    [Profile]
    [DoesNotReturn]
    private static string Throw(string message) => throw new InvalidOperationException(message);
}

// A generic type with a type-level [Profile] and private helpers: with the flag off this must not warn
// (EDM011 summarises them as info), with it on the reachable members are probed.
[Profile]
public sealed class Registry<T>
    where T : notnull
{
    private readonly Dictionary<T, int> _counts = [];

    public int Add(T key) => Bump(key, Normalize(1));

    public bool TryCount(T key, [NotNullWhen(true)] out string? text)
    {
        text = _counts.TryGetValue(key, out int count) ? count.ToString(System.Globalization.CultureInfo.InvariantCulture) : null;
        return text is not null;
    }

    private int Bump(T key, int by) => _counts[key] = _counts.GetValueOrDefault(key) + by;

    private static int Normalize(int by) => Math.Max(by, 1);
}

#nullable disable
public static class Oblivious
{
    [Profile]
    public static string Join(string a, string b) => a + b;

    [Profile]
    public static bool TryGet(int key, out string value)
    {
        value = key > 0 ? "o" + key : null;
        return value != null;
    }

    [Profile]
    public static List<string> Wrap(string item, IDictionary<string, object> bag) => new List<string> { item, bag?.Count.ToString(System.Globalization.CultureInfo.InvariantCulture) };

    [Profile]
    public static T Pick<T>(T first, T second) where T : class => first ?? second;

    [Profile]
    private static string Hidden(string s) => "[" + s + "]";

    public static string UseHidden(string s) => Hidden(s);
}

public class ObliviousInstance
{
    [Profile]
    private string Secret(string s) => s + "!";

    public string UseSecret(string s) => Secret(s);
}
#nullable enable

public static unsafe class Pointers
{
    [Profile]
    public static int Read(int* pointer) => *pointer;

    [Profile]
    public static int* Advance(int* pointer, int count) => pointer + count;

    [Profile]
    public static int Call(delegate*<int, int> function, int x) => function(x);

    [Profile]
    public static int CallNative(delegate* unmanaged[Cdecl]<int, int> function, int x) => function(x);

    [Profile]
    public static void Fill(byte** rows, int count, byte value)
    {
        for (int i = 0; i < count; i++)
        {
            *rows[i] = value;
        }
    }

    [Profile]
    private static int Sum(int* values, int count)
    {
        int total = 0;
        for (int i = 0; i < count; i++)
        {
            total += values[i];
        }

        return total;
    }

    public static int UseSum(int* values, int count) => Sum(values, count);

    public static int Twice(int x) => x * 2;

    [System.Runtime.InteropServices.UnmanagedCallersOnly(CallConvs = [typeof(System.Runtime.CompilerServices.CallConvCdecl)])]
    public static int Thrice(int x) => x * 3;
}

public struct Slot
{
    public int Value;

    [Profile]
    [UnscopedRef]
    public ref int Ref() => ref Value;

    [Profile]
    public static ref int Keep([UnscopedRef] out int value)
    {
        value = 1;
        return ref value;
    }
}

public unsafe struct Cursor
{
    public int Offset;

    [Profile]
    public readonly int At(int* values) => values[Offset];

    [Profile]
    public void Move(int* values, int by) => Offset += values[0] * by;
}

/// <summary>Each scenario calls profiled methods of one kind and describes what it saw.</summary>
public static class Scenarios
{
    public static string Obsolete() => $"{Legacy.OldAdd(1, 2)},{Legacy.Older(4)},{Legacy.Read(new OldThing())},{Legacy.UseHidden(5)}";

    public static string NullableFlow()
    {
        string got = Flow.TryGet(3, out string? value) ? value : "none";
        string? maybe = value;
        string checkedText = maybe.IsMissing() ? "missing" : maybe;
        string found = Flow.TryFind(0, out string? missing) ? missing : "missing";
        string peeked = Flow.TryPeek(new List<int> { 7 }, out int item) ? item.ToString(System.Globalization.CultureInfo.InvariantCulture) : "empty";
        string trimmed = Flow.Trim(" t ");
        string? first = Flow.FirstOrNothing(new string[0]);
        string ensured = Flow.Ensure(null);
        string? nothing = Flow.Nothing<string>();
        string? text = null;
        Flow.Normalize(ref text);
        string assigned = "x";
        Flow.Assign(ref assigned, null);
        Flow.Reset(out int reset);
        Flow.Check(text.Length > 0, "empty");
        string picked = Flow.First([null, "p"], new Dictionary<string, object?> { ["k"] = null }, (null, 1)) ?? "null";
        return $"{checkedText}:{got},{found},{peeked},{trimmed},{first ?? "null"},[{ensured}],{nothing ?? "null"},{text},{assigned},{Flow.Length("four")},{reset},{picked},{Flow.Items().Count()}";
    }

    public static async Task<string> NullableAsync() => $"{await Flow.MaybeAsync(true)},{await Flow.MaybeAsync(false) ?? "null"}";

    public static string DoesNotReturn()
    {
        try
        {
            Flow.Fail("no return");
        }
        catch (InvalidOperationException e)
        {
            return e.Message;
        }

        return "returned";
    }

    public static string Members()
    {
        var holder = new Holder();
        string secret = holder.Secretly(1);
        string thrown;
        try
        {
            thrown = holder.Secretly(0);
        }
        catch (InvalidOperationException e)
        {
            thrown = e.Message;
        }

        return $"{holder.LoadedLength()},{new Holder().TriedLength()},{secret},{thrown}";
    }

    public static string RefSafety()
    {
        var slot = new Slot();
        slot.Ref() = 4;
        ref int kept = ref Slot.Keep(out int local);
        kept += 6;
        return $"{slot.Value},{local}";
    }

    public static string GenericType()
    {
        var registry = new Registry<string>();
        registry.Add("a");
        registry.Add("a");
        return registry.TryCount("a", out string? count) ? count : "none";
    }

    public static string ObliviousCode()
    {
        bool got = Oblivious.TryGet(2, out string? value);
        return $"{Oblivious.Join("a", "b")},{got},{value},{Oblivious.Wrap("w", null).Count},{Oblivious.Pick((string?)null, "second")},{Oblivious.UseHidden("h")},{new ObliviousInstance().UseSecret("s")}";
    }

    public static unsafe string PointerCalls()
    {
        int[] values = [1, 2, 3, 4];
        byte a = 0, b = 0;
        byte** table = stackalloc byte*[2];
        table[0] = &a;
        table[1] = &b;
        var cursor = new Cursor { Offset = 1 };
        fixed (int* start = values)
        {
            int read = Pointers.Read(start);
            int advanced = *Pointers.Advance(start, 2);
            int called = Pointers.Call(&Pointers.Twice, 21);
            int native = Pointers.CallNative(&Pointers.Thrice, 5);
            Pointers.Fill(table, 2, 9);
            int sum = Pointers.UseSum(start, 4);
            int at = cursor.At(start);
            cursor.Move(start, 2);
            return $"{read},{advanced},{called},{native},{a}{b},{sum},{at},{cursor.Offset}";
        }
    }
}
