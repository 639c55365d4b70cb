// User code for the generator tests: one profiled method per call shape the generator handles, and
// the Scenarios class that calls them. Compiled in memory with and without EdmProfiling=true; both
// builds must behave the same, and the profiled one must count the calls.
using System;
using System.Collections.Generic;
using System.Linq;
using System.Linq.Expressions;
using System.Threading;
using System.Threading.Tasks;
using Edm.Profiling;

namespace Shapes;

public static class Calc
{
    private static readonly int[] s_cells = new int[4];

    [Profile]
    public static int Add(int a, int b) => a + b;

    [Profile]
    public static bool TryHalve(int value, out int half)
    {
        half = value / 2;
        return value % 2 == 0;
    }

    [Profile]
    public static void Swap(ref int a, ref int b) => (a, b) = (b, a);

    [Profile]
    public static int Sum(params int[] values) => values.Sum();

    [Profile]
    public static string Greet(string name, string greeting = "Hello", int times = 1) =>
        string.Join(" ", Enumerable.Repeat($"{greeting} {name}", times));

    [Profile]
    public static int ReadIn(in int value) => value * 2;

    [Profile]
    public static int ReadRefReadonly(ref readonly int value) => value + 1;

    [Profile]
    public static T Identity<T>(T value) => value;

    [Profile]
    public static T Max<T>(T a, T b)
        where T : IComparable<T> => a.CompareTo(b) >= 0 ? a : b;

    [Profile]
    public static void Fail(string message) => throw new InvalidOperationException(message);

    [Profile]
    public static ref int Cell(int index) => ref s_cells[index];
}

public static class TextExtensions
{
    [Profile]
    public static string Twice(this string text) => text + text;

    [Profile]
    public static void Bump(this ref Counter counter) => counter.Count += 10;
}

public static class Helpers
{
    public static int Triple(int x) => Scale(x, 3);

    public static int Quadruple(int x) => Nested.Times4(x);

    [Profile]
    private static int Scale(int x, int factor) => x * factor;

    private static class Nested
    {
        [Profile]
        public static int Times4(int x) => x * 4;
    }
}

public struct Counter
{
    public int Count;

    [Profile]
    public void Increment() => Count++;

    [Profile]
    public readonly int Peek() => Count;
}

public class Box<T>(T value)
{
    public T Value { get; } = value;

    [Profile]
    public static Box<T> Of(T value) => new(value);

    [Profile]
    public TResult Map<TResult>(Func<T, TResult> map) => map(Value);
}

[Profile(Category = "service")]
public class Service
{
    public int Calls { get; private set; }

    public virtual int Work(int x)
    {
        Calls++;
        return x * 3;
    }

    [NoProfile]
    public int Untouched() => 1;

    [Profile(Layer.Detailed, Name = "Shapes.Service.Custom")]
    public int Named() => 7;

    public int UseSecret(int x) => Secret(x);

    public string UseEcho() => $"{Echo(1)}{Echo("a")}";

    protected int Guarded() => 5;

    private int Secret(int x) => x + 100;

    private T Echo<T>(T value) => value;
}

public class DerivedService : Service
{
    public int UseGuarded() => Guarded();

    public override int Work(int x) => base.Work(x) + 1;
}

public interface IShape
{
    [Profile]
    double Area();
}

public sealed class Square(double side) : IShape
{
    public double Area() => side * side;
}

public static class Async
{
    [Profile]
    public static async Task DelayAsync(int milliseconds) => await Task.Delay(milliseconds);

    [Profile]
    public static async Task<int> ComputeAsync(int x)
    {
        await Task.Yield();
        return x * 2;
    }

    [Profile]
    public static async ValueTask<int> ValueAsync(int x)
    {
        await Task.Yield();
        return x + 1;
    }

    [Profile]
    public static ValueTask NothingAsync() => default;

    [Profile]
    public static async Task<int> FailAsync()
    {
        await Task.Yield();
        throw new InvalidOperationException("async boom");
    }

    [Profile]
    public static async Task WaitForeverAsync(CancellationToken token) => await Task.Delay(Timeout.Infinite, token);
}

public static class Sequences
{
    [Profile]
    public static IEnumerable<int> Range(int count)
    {
        for (int i = 0; i < count; i++)
        {
            yield return i;
        }
    }

    [Profile]
    public static IEnumerable<int> NotAnIterator(List<int> list) => list;

    [Profile]
    public static async IAsyncEnumerable<int> RangeAsync(int count)
    {
        for (int i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return i;
        }
    }
}

/// <summary>Each scenario calls profiled methods in one shape and describes what it saw.</summary>
public static class Scenarios
{
    public static string Static() => $"{Calc.Add(2, 3)}";

    public static string RefAndOut()
    {
        int a = 1, b = 2;
        Calc.Swap(ref a, ref b);
        bool even = Calc.TryHalve(10, out int half);
        int seven = 7;
        return $"{a},{b},{even},{half},{Calc.ReadIn(in seven)},{Calc.ReadRefReadonly(ref seven)}";
    }

    public static string ParamsOptionalNamed() =>
        $"{Calc.Sum(1, 2, 3)}|{Calc.Sum()}|{Calc.Greet("Ann")}|{Calc.Greet(times: 2, name: "Bo", greeting: "Hi")}";

    public static string Generics() =>
        $"{Calc.Identity(5)},{Calc.Identity<string>("s")},{Calc.Max(3, 9)},{Echo(2.5)},{Box<int>.Of(4).Map(x => x * 10)},{Project(Box<string>.Of("ab"), s => s.Length)}";

    public static string Extensions()
    {
        var counter = new Counter();
        counter.Bump();
        TextExtensions.Bump(ref counter);
        return $"{"ab".Twice()},{TextExtensions.Twice("cd")},{counter.Count}";
    }

    public static string StructMutation()
    {
        var counter = new Counter();
        counter.Increment();
        counter.Increment();
        var counters = new Counter[1];
        counters[0].Increment();
        return $"{counter.Count},{counter.Peek()},{counters[0].Count}";
    }

    public static string PrivateStatics() => $"{Helpers.Triple(4)},{Helpers.Quadruple(4)}";

    public static string RefReturn()
    {
        Calc.Cell(1) = 42;
        ref int cell = ref Calc.Cell(1);
        cell++;
        return $"{Calc.Cell(1)}";
    }

    public static string ConditionalAndVirtual(bool present)
    {
        Service? service = present ? new DerivedService() : null;
        int? work = service?.Work(2);
        var derived = new DerivedService();
        return $"{work?.ToString() ?? "null"},{derived.UseSecret(1)},{derived.UseGuarded()},{derived.Untouched()},{derived.Named()},{derived.UseEcho()}";
    }

    public static string Interfaces()
    {
        IShape shape = new Square(3);
        var square = new Square(2);
        return $"{shape.Area()},{square.Area()},{AreaOfClass(shape)},{AreaOfAny(square)}";
    }

    public static string LambdasAndLocalFunctions()
    {
        Func<int> lambda = () => Calc.Add(10, 1);
        return $"{lambda()},{Local()}";

        static int Local() => Calc.Add(20, 2);
    }

    public static string NotIntercepted()
    {
        Func<int, int, int> group = Calc.Add;
        Expression<Func<int>> tree = () => Calc.Add(1, 1);
        return $"{group(3, 4)},{tree.Compile()()},{nameof(Calc.Add)}";
    }

    public static string Throws()
    {
        try
        {
            Calc.Fail("boom");
            return "no exception";
        }
        catch (InvalidOperationException e)
        {
            return $"{e.Message}|{e.StackTrace!.Split('\n')[0].Trim()}";
        }
    }

    public static async Task<string> AsyncShapes()
    {
        await Async.DelayAsync(1);
        int computed = await Async.ComputeAsync(4);
        int value = await Async.ValueAsync(4);
        await Async.NothingAsync();
        string failure;
        try
        {
            await Async.FailAsync();
            failure = "none";
        }
        catch (InvalidOperationException e)
        {
            failure = e.Message;
        }

        using var cancellation = new CancellationTokenSource(10);
        string cancelled;
        try
        {
            await Async.WaitForeverAsync(cancellation.Token);
            cancelled = "none";
        }
        catch (OperationCanceledException e)
        {
            cancelled = e.CancellationToken == cancellation.Token ? "same token" : "other token";
        }

        return $"{computed},{value},{failure},{cancelled}";
    }

    /// <summary>Which synchronization context the code after each await runs on.</summary>
    public static async Task<string> ContextFlow()
    {
        SynchronizationContext? before = SynchronizationContext.Current;
        await Async.ComputeAsync(1);
        bool kept = ReferenceEquals(SynchronizationContext.Current, before);
        await Async.ComputeAsync(2).ConfigureAwait(false);
        bool left = SynchronizationContext.Current is null;
        return $"kept={kept},left={left}";
    }

    public static string Iterators()
    {
        IEnumerable<int> range = Sequences.Range(4);
        int first = range.Sum();
        int second = range.Count();
        var list = new List<int> { 1 };
        return $"{first},{second},{ReferenceEquals(Sequences.NotAnIterator(list), list)}";
    }

    public static async Task<string> AsyncIterators()
    {
        int total = 0;
        await foreach (int i in Sequences.RangeAsync(3))
        {
            total += i;
        }

        return $"{total}";
    }

    private static T Echo<T>(T value) => Calc.Identity(value);

    private static TResult Project<TIn, TResult>(Box<TIn> box, Func<TIn, TResult> map) => box.Map(map);

    private static double AreaOfClass<T>(T shape)
        where T : class, IShape => shape.Area();

    private static double AreaOfAny<T>(T shape)
        where T : IShape => shape.Area();
}
