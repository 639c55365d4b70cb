namespace Edm.Profiling.Generators.Tests.Support;

/// <summary>The user code the tests compile, from <c>TestSources/</c>.</summary>
internal static class TestSources
{
    public static string Shapes { get; } = Read("Shapes.cs");

    public static string Warnings { get; } = Read("Warnings.cs");

    public static string Read(string name) => File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "TestSources", name));
}
