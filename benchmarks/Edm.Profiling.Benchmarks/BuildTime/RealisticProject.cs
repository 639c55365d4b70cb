using System.Globalization;
using System.Text;

namespace Edm.Profiling.Benchmarks.BuildTime;

/// <summary>
/// Writes a library and its xunit test project shaped like the generic, async-heavy library of
/// issue 12: <see cref="TypeCount"/> <c>[Profile]</c> types (generic caches, async services, readonly
/// structs, extension classes, parsers with iterators and private helpers), orchestration code in the
/// library that calls them, and a test class per type. About 2,500 calls to profiled methods in all.
/// The projects get the Edm.Profiling package's parts as the package gives them: the runtime as a
/// reference, the generator and code fixes as analyzers, the build props and targets.
/// </summary>
internal static class RealisticProject
{
    public const int TypeCount = 80;
    public const int ScenarioCount = 20;
    private const int Kinds = 5;

    /// <summary>Where the Edm.Profiling parts come from: built outputs of this repository.</summary>
    public sealed record PackageParts(string RepoRoot, string Runtime, string Generator, string CodeFixes);

    /// <summary>Writes the two projects under <paramref name="root"/>; returns the test project's path.</summary>
    public static string Write(string root, PackageParts parts)
    {
        Directory.CreateDirectory(root);
        File.WriteAllText(Path.Combine(root, "Directory.Build.props"), BuildProps(parts));
        File.WriteAllText(Path.Combine(root, "Directory.Build.targets"), BuildTargets(parts));
        File.WriteAllText(Path.Combine(root, "Directory.Packages.props"), PackagesProps(parts));

        string library = Path.Combine(root, "Realistic.Library");
        Directory.CreateDirectory(library);
        File.WriteAllText(Path.Combine(library, "Realistic.Library.csproj"), "<Project Sdk=\"Microsoft.NET.Sdk\">\n</Project>\n");
        for (int type = 0; type < TypeCount; type++)
        {
            File.WriteAllText(Path.Combine(library, $"{TypeName(type)}.cs"), LibraryType(type));
        }

        for (int scenario = 0; scenario < ScenarioCount; scenario++)
        {
            File.WriteAllText(Path.Combine(library, $"Scenario{scenario}.cs"), Scenario(scenario));
        }

        string tests = Path.Combine(root, "Realistic.Tests");
        Directory.CreateDirectory(tests);
        string testProject = Path.Combine(tests, "Realistic.Tests.csproj");
        File.WriteAllText(testProject, TestProject());
        for (int type = 0; type < TypeCount; type++)
        {
            File.WriteAllText(Path.Combine(tests, $"{TypeName(type)}Tests.cs"), TestClass(type));
        }

        return testProject;
    }

    private static string BuildProps(PackageParts parts) => $"""
        <Project>
          <!-- Settings of a typical library repository. -->
          <PropertyGroup>
            <TargetFramework>net10.0</TargetFramework>
            <LangVersion>latest</LangVersion>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
          </PropertyGroup>
          <!-- What the Edm.Profiling package gives a project (build/, lib/, analyzers/). -->
          <Import Project="{parts.RepoRoot}/src/Edm.Profiling/build/Edm.Profiling.props" />
          <ItemGroup>
            <Reference Include="{parts.Runtime}" />
            <!-- -p:EdmProfilingGenerator=<dll> builds with another build of the generator (the benchmark's baseline variant). -->
            <Analyzer Include="$(EdmProfilingGenerator)" Condition="'$(EdmProfilingGenerator)' != ''" />
            <Analyzer Include="{parts.Generator}" Condition="'$(EdmProfilingGenerator)' == ''" />
            <Analyzer Include="{parts.CodeFixes}" />
          </ItemGroup>
        </Project>

        """;

    private static string BuildTargets(PackageParts parts) => $"""
        <Project>
          <Import Project="{parts.RepoRoot}/src/Edm.Profiling/build/Edm.Profiling.targets" />
        </Project>

        """;

    /// <summary>The repository's own pinned versions (xunit, the test SDK).</summary>
    private static string PackagesProps(PackageParts parts) => $"""
        <Project>
          <Import Project="{parts.RepoRoot}/Directory.Packages.props" />
        </Project>

        """;

    private static string TestProject() => """
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <IsPackable>false</IsPackable>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="Microsoft.NET.Test.Sdk" />
            <PackageReference Include="xunit" />
            <PackageReference Include="xunit.runner.visualstudio" />
            <ProjectReference Include="../Realistic.Library/Realistic.Library.csproj" />
          </ItemGroup>
          <ItemGroup>
            <Using Include="Xunit" />
            <Using Include="Realistic.Library" />
          </ItemGroup>
        </Project>

        """;

    private static string TypeName(int type) => (type % Kinds) switch
    {
        0 => $"Cache{type}",
        1 => $"Service{type}",
        2 => $"Vector{type}",
        3 => $"TextExtensions{type}",
        _ => $"Parser{type}",
    };

    /// <summary>Each extension class in a namespace of its own, as extension methods of the same name would clash.</summary>
    private static string Namespace(int type) => type % Kinds == 3 ? $"Realistic.Library.Text{type}" : "Realistic.Library";

    private static string LibraryType(int type) => $"using Edm.Profiling;\n\nnamespace {Namespace(type)};\n\n" + ((type % Kinds) switch
    {
        0 => Cache(type),
        1 => Service(type),
        2 => Vector(type),
        3 => TextExtensions(type),
        _ => Parser(type),
    });

    private static string Cache(int n) => $$"""
        /// <summary>A keyed cache.</summary>
        [Profile]
        public sealed class Cache{{n}}<TKey, TValue>
            where TKey : notnull
        {
            private readonly Dictionary<TKey, TValue> _items = new();

            /// <summary>Entries held.</summary>
            public int Count => _items.Count;

            /// <summary>Adds or replaces an entry.</summary>
            public void Set(TKey key, TValue value) => _items[key] = value;

            /// <summary>Finds an entry.</summary>
            public bool TryGet(TKey key, out TValue? value)
            {
                if (_items.TryGetValue(key, out TValue? found))
                {
                    value = found;
                    return true;
                }

                value = default;
                return false;
            }

            /// <summary>Finds an entry or creates it.</summary>
            public TValue GetOrAdd(TKey key, Func<TKey, TValue> factory)
            {
                if (TryGet(key, out TValue? existing) && existing is not null)
                {
                    return existing;
                }

                TValue created = factory(key);
                Set(key, created);
                return created;
            }

            /// <summary>Removes an entry.</summary>
            public bool Remove(TKey key) => _items.Remove(key);

            /// <summary>The keys, in insertion order.</summary>
            public IEnumerable<TKey> Keys()
            {
                foreach (TKey key in _items.Keys)
                {
                    yield return key;
                }
            }

            /// <summary>A copy with every value mapped.</summary>
            public Dictionary<TKey, TResult> Map<TResult>(Func<TValue, TResult> selector)
            {
                var result = new Dictionary<TKey, TResult>();
                foreach (TKey key in Keys())
                {
                    if (TryGet(key, out TValue? value) && value is not null)
                    {
                        result[key] = selector(value);
                    }
                }

                return result;
            }

            /// <summary>Entries whose value matches.</summary>
            public int CountWhere(Func<TValue, bool> predicate)
            {
                int count = 0;
                foreach (TKey key in Keys())
                {
                    if (TryGet(key, out TValue? value) && value is not null && predicate(value))
                    {
                        count++;
                    }
                }

                return count;
            }

            /// <summary>Removes every entry.</summary>
            public void Clear() => _items.Clear();
        }

        """;

    private static string Service(int n) => $$"""
        /// <summary>An asynchronous key-value service.</summary>
        [Profile]
        public sealed class Service{{n}}
        {
            private readonly Dictionary<string, int> _store = new(StringComparer.Ordinal);

            /// <summary>Reads a value.</summary>
            public async Task<int> LoadAsync(string key)
            {
                await Task.Yield();
                return Lookup(key);
            }

            /// <summary>Writes a value.</summary>
            public async Task SaveAsync(string key, int value)
            {
                await Task.Yield();
                Store(key, value);
            }

            /// <summary>Whether a key is held.</summary>
            public ValueTask<bool> ExistsAsync(string key) => new(Contains(key));

            /// <summary>The values of k0, k1, ….</summary>
            public async IAsyncEnumerable<int> StreamAsync(int count)
            {
                for (int i = 0; i < count; i++)
                {
                    await Task.Yield();
                    yield return Lookup("k" + i);
                }
            }

            /// <summary>The sum of the values of some keys.</summary>
            public async Task<int> SumAsync(IEnumerable<string> keys)
            {
                int total = 0;
                foreach (string key in keys)
                {
                    total += await LoadAsync(key);
                }

                return total;
            }

            /// <summary>Keys held.</summary>
            public int Size() => _store.Count;

            private int Lookup(string key) => _store.TryGetValue(key, out int value) ? value : 0;

            private void Store(string key, int value)
            {
                if (!Contains(key) || Lookup(key) != value)
                {
                    _store[key] = value;
                }
            }

            private bool Contains(string key) => _store.ContainsKey(key);
        }

        """;

    private static string Vector(int n) => $$"""
        /// <summary>A 2D vector.</summary>
        [Profile]
        public readonly struct Vector{{n}}
        {
            /// <summary>Creates a vector.</summary>
            public Vector{{n}}(double x, double y)
            {
                X = x;
                Y = y;
            }

            /// <summary>X.</summary>
            public double X { get; }

            /// <summary>Y.</summary>
            public double Y { get; }

            /// <summary>The sum.</summary>
            public Vector{{n}} Add(Vector{{n}} other) => new(X + other.X, Y + other.Y);

            /// <summary>Scaled.</summary>
            public Vector{{n}} Scale(double factor) => new(X * factor, Y * factor);

            /// <summary>The dot product.</summary>
            public double Dot(Vector{{n}} other) => (X * other.X) + (Y * other.Y);

            /// <summary>The length.</summary>
            public double Length() => Math.Sqrt(Dot(this));

            /// <summary>Of length 1, or zero.</summary>
            public Vector{{n}} Normalize()
            {
                double length = Length();
                return length == 0 ? this : Scale(1 / length);
            }

            /// <summary>The sum of many.</summary>
            public static Vector{{n}} Sum(ReadOnlySpan<Vector{{n}}> items)
            {
                Vector{{n}} total = default;
                foreach (Vector{{n}} item in items)
                {
                    total = total.Add(item);
                }

                return total;
            }

            /// <summary>The distance between two.</summary>
            public static double Distance(in Vector{{n}} a, in Vector{{n}} b) => a.Add(b.Scale(-1)).Length();
        }

        """;

    private static string TextExtensions(int n) => $$"""
        /// <summary>Text helpers.</summary>
        [Profile]
        public static class TextExtensions{{n}}
        {
            /// <summary>The words.</summary>
            public static string[] Words(this string text) => text.Split(' ', StringSplitOptions.RemoveEmptyEntries);

            /// <summary>Single spaces only.</summary>
            public static string Squash(this string text) => string.Join(' ', Words(text));

            /// <summary>How many words.</summary>
            public static int CountWords(this string text) => Words(text).Length;

            /// <summary>Null, empty or white space.</summary>
            public static bool IsBlank(this string? text) => string.IsNullOrWhiteSpace(text);

            /// <summary>At most <paramref name="max"/> characters.</summary>
            public static string Truncate(this string text, int max) => text.Length <= max ? text : text[..max];

            /// <summary>An array of copies.</summary>
            public static T[] Repeat<T>(this T item, int count)
            {
                var result = new T[count];
                Array.Fill(result, item);
                return result;
            }

            /// <summary>Every item mapped.</summary>
            public static TResult[] MapAll<T, TResult>(this IReadOnlyList<T> items, Func<T, TResult> map)
            {
                var result = new TResult[items.Count];
                for (int i = 0; i < items.Count; i++)
                {
                    result[i] = map(items[i]);
                }

                return result;
            }
        }

        """;

    private static string Parser(int n) => $$"""
        /// <summary>A token.</summary>
        public sealed record Token{{n}}(string Text, int Position);

        /// <summary>Splits text at a separator.</summary>
        [Profile]
        public class Parser{{n}}
        {
            private readonly char _separator;

            /// <summary>Creates a parser.</summary>
            public Parser{{n}}(char separator = ',') => _separator = separator;

            /// <summary>Every token.</summary>
            public IReadOnlyList<Token{{n}}> Parse(string text)
            {
                var tokens = new List<Token{{n}}>();
                foreach (Token{{n}} token in Tokenize(text))
                {
                    tokens.Add(token);
                }

                return tokens;
            }

            /// <summary>Every token, or false for blank text.</summary>
            public bool TryParse(string? text, out IReadOnlyList<Token{{n}}> tokens)
            {
                if (string.IsNullOrWhiteSpace(text))
                {
                    tokens = [];
                    return false;
                }

                tokens = Parse(text);
                return true;
            }

            /// <summary>The tokens, lazily.</summary>
            public IEnumerable<Token{{n}}> Tokenize(string text)
            {
                int position = 0;
                while (position < text.Length)
                {
                    int end = NextSeparator(text, position);
                    yield return new Token{{n}}(Trim(text[position..end]), position);
                    position = end + 1;
                }
            }

            /// <summary>How many tokens.</summary>
            public int CountTokens(string text) => Parse(text).Count;

            /// <summary>The text back.</summary>
            public string Join(IEnumerable<Token{{n}}> tokens) => string.Join(_separator, tokens.Select(token => token.Text));

            /// <summary>Where the next separator is, or the end.</summary>
            protected virtual int NextSeparator(string text, int start)
            {
                int index = text.IndexOf(_separator, start);
                return index < 0 ? text.Length : index;
            }

            private static string Trim(string text) => text.Trim();
        }

        """;

    /// <summary>Orchestration code of the library: not profiled itself, it calls the profiled types.</summary>
    private static string Scenario(int scenario)
    {
        var text = new StringBuilder();
        int[] types = Enumerable.Range(0, 4).Select(step => ((scenario * 4) + step) % TypeCount).ToArray();
        foreach (string name in types.Select(Namespace).Where(name => name != "Realistic.Library").Distinct())
        {
            text.Append(CultureInfo.InvariantCulture, $"using {name};\n");
        }

        text.Append("\nnamespace Realistic.Library;\n\n");
        text.Append(CultureInfo.InvariantCulture, $"/// <summary>A workflow over several types.</summary>\npublic static class Scenario{scenario}\n{{\n");
        text.Append("    /// <summary>Runs it.</summary>\n    public static async Task<double> RunAsync(string input)\n    {\n        double total = 0;\n");
        foreach (int type in types)
        {
            text.Append(ScenarioStep(type));
        }

        return text.Append("        return total;\n    }\n}\n").ToString();
    }

    private static string ScenarioStep(int n) => (n % Kinds) switch
    {
        0 => $"""
                    var cache{n} = new Cache{n}<string, int>();
                    cache{n}.Set(input, input.Length);
                    total += cache{n}.GetOrAdd("x" + input, key => key.Length);
                    total += cache{n}.CountWhere(value => value > 1);
                    total += cache{n}.Map(value => value * 2.0).Count;
                    total += cache{n}.Remove(input) ? 1 : 0;

            """,
        1 => $"""
                    var service{n} = new Service{n}();
                    await service{n}.SaveAsync(input, 3);
                    total += await service{n}.LoadAsync(input);
                    total += await service{n}.ExistsAsync(input) ? 1 : 0;
                    total += await service{n}.SumAsync([input, input]);
                    total += service{n}.Size();

            """,
        2 => $"""
                    var vector{n} = new Vector{n}(input.Length, 1);
                    total += vector{n}.Normalize().Length();
                    total += vector{n}.Add(vector{n}.Scale(2)).Dot(vector{n});
                    total += Vector{n}.Distance(vector{n}, vector{n}.Scale(3));
                    total += Vector{n}.Sum([vector{n}, vector{n}]).X;

            """,
        3 => $"""
                    total += input.Squash().CountWords();
                    total += input.Truncate(3).IsBlank() ? 0 : 1;
                    total += input.Repeat(2).MapAll(text => text.Length).Length;
                    total += TextExtensions{n}.Words(input).Length;

            """,
        _ => $"""
                    var parser{n} = new Parser{n}(' ');
                    total += parser{n}.CountTokens(input);
                    total += parser{n}.TryParse(input, out IReadOnlyList<Token{n}> tokens{n}) ? tokens{n}.Count : 0;
                    total += parser{n}.Join(parser{n}.Tokenize(input)).Length;

            """,
    };

    private static string TestClass(int n) => (n % Kinds == 3 ? $"using {Namespace(n)};\n\n" : string.Empty) + "namespace Realistic.Tests;\n\n" + ((n % Kinds) switch
    {
        0 => CacheTests(n),
        1 => ServiceTests(n),
        2 => VectorTests(n),
        3 => TextTests(n),
        _ => ParserTests(n),
    });

    private static string CacheTests(int n) => $$"""
        public sealed class Cache{{n}}Tests
        {
            [Fact]
            public void Set_then_TryGet_finds_the_value()
            {
                var cache = new Cache{{n}}<string, int>();
                cache.Set("a", 1);
                cache.Set("b", 2);
                Assert.True(cache.TryGet("a", out int value));
                Assert.Equal(1, value);
                Assert.False(cache.TryGet("z", out _));
            }

            [Fact]
            public void GetOrAdd_creates_once()
            {
                var cache = new Cache{{n}}<int, string>();
                string first = cache.GetOrAdd(1, key => "v" + key);
                string second = cache.GetOrAdd(1, _ => "other");
                Assert.Equal("v1", first);
                Assert.Equal("v1", second);
                Assert.Equal(1, cache.Count);
            }

            [Fact]
            public void Remove_forgets_the_key()
            {
                var cache = new Cache{{n}}<string, string>();
                cache.Set("a", "x");
                Assert.True(cache.Remove("a"));
                Assert.False(cache.Remove("a"));
                Assert.False(cache.TryGet("a", out _));
            }

            [Fact]
            public void Keys_and_Map_see_every_entry()
            {
                var cache = new Cache{{n}}<int, int>();
                cache.Set(1, 10);
                cache.Set(2, 20);
                Assert.Equal([1, 2], cache.Keys().ToArray());
                Dictionary<int, string> mapped = cache.Map(value => value.ToString(System.Globalization.CultureInfo.InvariantCulture));
                Assert.Equal("20", mapped[2]);
            }

            [Theory]
            [InlineData(3)]
            [InlineData(10)]
            public void CountWhere_counts_matches(int count)
            {
                var cache = new Cache{{n}}<int, int>();
                for (int i = 0; i < count; i++)
                {
                    cache.Set(i, i);
                }

                Assert.Equal(count / 2, cache.CountWhere(value => value % 2 == 1));
                cache.Clear();
                Assert.Equal(0, cache.CountWhere(_ => true));
            }
        }

        """;

    private static string ServiceTests(int n) => $$"""
        public sealed class Service{{n}}Tests
        {
            [Fact]
            public async Task Saved_values_load_back()
            {
                var service = new Service{{n}}();
                await service.SaveAsync("a", 3);
                await service.SaveAsync("b", 4);
                Assert.Equal(3, await service.LoadAsync("a"));
                Assert.Equal(4, await service.LoadAsync("b"));
                Assert.Equal(0, await service.LoadAsync("c"));
            }

            [Fact]
            public async Task Exists_after_save()
            {
                var service = new Service{{n}}();
                Assert.False(await service.ExistsAsync("a"));
                await service.SaveAsync("a", 1);
                Assert.True(await service.ExistsAsync("a"));
                Assert.Equal(1, service.Size());
            }

            [Fact]
            public async Task Stream_reads_each_key()
            {
                var service = new Service{{n}}();
                await service.SaveAsync("k0", 5);
                await service.SaveAsync("k2", 7);
                var values = new List<int>();
                await foreach (int value in service.StreamAsync(3))
                {
                    values.Add(value);
                }

                Assert.Equal([5, 0, 7], values);
            }

            [Fact]
            public async Task Sum_adds_the_values()
            {
                var service = new Service{{n}}();
                await service.SaveAsync("a", 2);
                await service.SaveAsync("b", 5);
                Assert.Equal(7, await service.SumAsync(["a", "b"]));
                Assert.Equal(9, await service.SumAsync(["a", "b", "a"]));
            }
        }

        """;

    private static string VectorTests(int n) => $$"""
        public sealed class Vector{{n}}Tests
        {
            [Fact]
            public void Add_and_Scale()
            {
                var a = new Vector{{n}}(1, 2);
                var b = new Vector{{n}}(3, 4);
                Assert.Equal(4, a.Add(b).X);
                Assert.Equal(6, a.Add(b).Y);
                Assert.Equal(6, b.Scale(2).X);
                Assert.Equal(-4, b.Scale(-1).Y);
            }

            [Fact]
            public void Dot_and_Length()
            {
                var a = new Vector{{n}}(3, 4);
                Assert.Equal(25, a.Dot(a));
                Assert.Equal(5, a.Length());
                Assert.Equal(1, a.Normalize().Length(), 6);
                Assert.Equal(0, default(Vector{{n}}).Normalize().Length());
            }

            [Fact]
            public void Sum_and_Distance()
            {
                var a = new Vector{{n}}(1, 1);
                var b = new Vector{{n}}(4, 5);
                Assert.Equal(5, Vector{{n}}.Sum([a, b]).X);
                Assert.Equal(5, Vector{{n}}.Distance(a, b));
                Assert.Equal(0, Vector{{n}}.Distance(b, b));
            }

            [Theory]
            [InlineData(1, 0)]
            [InlineData(0, 2)]
            public void Normalize_gives_unit_length(double x, double y)
            {
                var v = new Vector{{n}}(x, y);
                Assert.Equal(1, v.Normalize().Length(), 6);
                Assert.Equal(v.Length(), v.Scale(1).Length());
            }
        }

        """;

    private static string TextTests(int n) => $$"""
        public sealed class TextExtensions{{n}}Tests
        {
            [Fact]
            public void Words_and_Squash()
            {
                Assert.Equal(["a", "b"], "a  b".Words());
                Assert.Equal("a b", "  a   b ".Squash());
                Assert.Equal(3, TextExtensions{{n}}.CountWords("x y z"));
            }

            [Theory]
            [InlineData(null, true)]
            [InlineData(" ", true)]
            [InlineData("a", false)]
            public void IsBlank(string? text, bool expected)
            {
                Assert.Equal(expected, text.IsBlank());
                Assert.Equal(expected, TextExtensions{{n}}.IsBlank(text));
            }

            [Fact]
            public void Truncate_and_Repeat()
            {
                Assert.Equal("ab", "abc".Truncate(2));
                Assert.Equal("abc", "abc".Truncate(5));
                Assert.Equal([7, 7, 7], 7.Repeat(3));
                Assert.Equal(["q", "q"], "q".Repeat(2));
            }

            [Fact]
            public void MapAll_maps_each()
            {
                int[] lengths = new[] { "a", "bb" }.MapAll(text => text.Length);
                Assert.Equal([1, 2], lengths);
                Assert.Equal(["1", "2"], new List<int> { 1, 2 }.MapAll(value => value.ToString(System.Globalization.CultureInfo.InvariantCulture)));
                Assert.Equal(4, "aa bb cc dd".Squash().CountWords());
            }
        }

        """;

    private static string ParserTests(int n) => $$"""
        public sealed class Parser{{n}}Tests
        {
            [Fact]
            public void Parse_splits_and_trims()
            {
                var parser = new Parser{{n}}();
                IReadOnlyList<Token{{n}}> tokens = parser.Parse("a, b,c");
                Assert.Equal(3, tokens.Count);
                Assert.Equal("b", tokens[1].Text);
                Assert.Equal(3, parser.CountTokens("x,y,z"));
            }

            [Fact]
            public void TryParse_refuses_blank_text()
            {
                var parser = new Parser{{n}}(';');
                Assert.False(parser.TryParse(" ", out IReadOnlyList<Token{{n}}> none));
                Assert.Empty(none);
                Assert.True(parser.TryParse("a;b", out IReadOnlyList<Token{{n}}> some));
                Assert.Equal(2, some.Count);
            }

            [Fact]
            public void Join_round_trips()
            {
                var parser = new Parser{{n}}();
                Assert.Equal("a,b", parser.Join(parser.Parse("a,b")));
                Assert.Equal("a,b,c", parser.Join(parser.Tokenize("a, b ,c")));
                Assert.Empty(parser.Tokenize(string.Empty));
            }
        }

        """;
}
