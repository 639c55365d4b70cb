namespace Edm.Profiling.EventPipe.Tests;

public sealed class ReadyToRunImageTests
{
    private static string CoreLib => typeof(object).Assembly.Location;

    [Fact]
    public void CoreLib_precompiled_methods_are_named_as_the_runtime_names_them()
    {
        using ReadyToRunImage image = ReadyToRunImage.Open(CoreLib) ?? throw new Xunit.Sdk.XunitException($"{CoreLib} was not read as a ReadyToRun image");
        var methods = image.Methods().ToList();
        Assert.True(methods.Count > 10_000, $"only {methods.Count} precompiled methods found in CoreLib");

        // The name TraceEvent gives the same method from the rundown (the fixture's HashText samples).
        const string Marvin = "System.Marvin.ComputeHash32(unsigned int8&,unsigned int32,unsigned int32,unsigned int32)";
        (long start, _) = Assert.Single(methods, m => m.Name == Marvin);
        Assert.Equal(Marvin, image.MethodAt(start));
        Assert.Equal(Marvin, image.MethodAt(start + 5));
        Assert.Contains(methods, m => m.Name == "System.String.Concat(class System.String,class System.String)");
    }

    [Fact]
    public void An_assembly_without_precompiled_code_or_no_assembly_at_all_is_not_read()
    {
        Assert.Null(ReadyToRunImage.Open(typeof(ReadyToRunImageTests).Assembly.Location)); // IL only
        string text = Path.GetTempFileName();
        try
        {
            File.WriteAllText(text, "not a PE file");
            Assert.Null(ReadyToRunImage.Open(text));
            Assert.Null(ReadyToRunImage.Open(text + ".missing"));
        }
        finally
        {
            File.Delete(text);
        }
    }
}
