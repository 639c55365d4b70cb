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
    public void Tables_read_ahead_name_code_through_a_map_read_later()
    {
        // What the stop rehearsal does: CoreLib's tables read while the program runs, the process's map read
        // again at stop (here: the same file mapped at another address), the code named through the new one.
        const string Marvin = "System.Marvin.ComputeHash32(unsigned int8&,unsigned int32,unsigned int32,unsigned int32)";
        long offset;
        using (ReadyToRunImage image = ReadyToRunImage.Open(CoreLib)!)
        {
            offset = image.Methods().Single(m => m.Name == Marvin).FileOffset;
        }

        static NativeModuleMap MappedAt(ulong start) =>
            NativeModuleMap.Parse($"{start:x}-{start + 0x4000000:x} r-xp 00000000 08:01 42 {CoreLib}\n");
        using var precompiled = new PrecompiledMethods(MappedAt(0x7f0000000000));
        precompiled.OpenAhead(CoreLib);
        precompiled.Map = MappedAt(0x7e0000000000);

        Assert.Equal(Marvin, precompiled.NameOf(0x7e0000000000UL + (ulong)offset));
        Assert.Null(precompiled.NameOf(0x7f0000000000UL + (ulong)offset)); // the old map's address: nothing mapped there now
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
