// Call shapes for the agreement test: every call to a profiled method here is either intercepted by
// the generator or reported by EDM002, never both, never neither.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Linq.Expressions;
using Edm.Profiling;

namespace Corpus;

public interface IMeasure
{
    [Profile]
    int Measure();
}

public struct Counter : IMeasure
{
    public int Count;

    public int Measure() => ++Count;
}

public class Library
{
    [Profile]
    public static int Square(int x) => x * x;

    [Profile]
    public virtual int Work(int x) => x + 1;

    [Profile]
    public T Echo<T>(T value) => value;

    [Profile]
    public static unsafe int Peek(int* pointer) => *pointer;

    [Profile]
    private static int Secret(int x) => x - 1;

    [Profile]
    private int Hidden(Nested nested) => nested.Value;

    [Profile]
    public static IEnumerable<int> Numbers()
    {
        yield return 1;
    }

    private sealed class Nested
    {
        public int Value { get; set; } = 3;
    }

    public int UseHidden() => Hidden(new Nested()) + Secret(2);
}

[Profile]
public class Holder<T>
{
    public T Get(T value) => Keep(value);

    private T Keep(T value) => value;
}

public static class Extensions
{
    [Profile]
    public static int Doubled(this int x) => x * 2;
}

public class Derived : Library
{
    public override int Work(int x) => base.Work(x) + 1;
}

public static class Calls
{
    public static unsafe int Run(Library library, Library? maybe, dynamic late, Holder<string> holder)
    {
        int total = Library.Square(2) + library.Work(1) + library.Echo(3) + library.Echo<long>(4).GetHashCode();
        total += maybe?.Work(2) ?? 0;
        total += 5.Doubled() + Extensions.Doubled(6);
        total += Library.Numbers().Sum();
        int local = 7;
        total += Library.Peek(&local);
        total += holder.Get("x").Length;

        Func<int, int> group = Library.Square;
        Expression<Func<int>> tree = () => Library.Square(8);
        Func<int> lambda = () => Library.Square(9);
        total += group(1) + tree.Compile()() + lambda();

        object dynamicResult = Library.Square(late);
        total += Local(10) + Generic(new Counter());
        return total + dynamicResult.GetHashCode();

        [Profile]
        static int Local(int x) => x;
    }

    private static int Generic<T>(T measure) where T : IMeasure => measure.Measure();

    private static int Boxed(IMeasure measure) => measure.Measure();

    public static int Query(IEnumerable<int> values) => (from value in values select Library.Square(value)).Sum();

    public static string Name() => nameof(Library.Square);
}
