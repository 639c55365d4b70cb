using System.Runtime.InteropServices;

namespace Edm.Profiling.EventPipe.Tests;

public sealed class NativeModuleMapTests
{
    private const string Maps = """
        55d0c0000000-55d0c0010000 r-xp 00000000 08:01 1234                       /usr/share/dotnet/dotnet
        7f0000001000-7f0000003000 r-xp 00001000 08:01 2001                       /usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.0/libcoreclr.so
        7f0000003000-7f0000004000 rw-p 00000000 00:00 0
        7f0000005000-7f0000006000 r-xp 00000000 08:01 2002                       /usr/lib/x86_64-linux-gnu/libc.so.6
        7f0000007000-7f0000008000 r-xp 00000000 08:01 2003                       /tmp/old copy/libfoo.so (deleted)
        7ffd00001000-7ffd00002000 r-xp 00000000 00:00 0                          [vdso]
        not a mapping line
        """;

    [Theory]
    [InlineData(0x7f0000001000UL, "libcoreclr.so")]
    [InlineData(0x7f0000002fffUL, "libcoreclr.so")]
    [InlineData(0x7f0000005800UL, "libc.so.6")]
    [InlineData(0x7f0000007010UL, "libfoo.so")]
    [InlineData(0x7ffd00001abcUL, "[vdso]")]
    [InlineData(0x55d0c0000010UL, "dotnet")]
    public void An_address_is_named_by_the_file_mapped_there(ulong address, string expected) =>
        Assert.Equal(expected, NativeModuleMap.Parse(Maps).NameOf(address));

    [Theory]
    [InlineData(0x7f0000003000UL)] // anonymous memory: the runtime's stubs
    [InlineData(0x7f0000004000UL)] // between mappings
    [InlineData(0x1000UL)]         // below every mapping
    [InlineData(0xffffffffffff0000UL)]
    public void An_address_outside_named_mappings_stays_unknown(ulong address) =>
        Assert.Null(NativeModuleMap.Parse(Maps).NameOf(address));

    [Fact]
    public void An_address_in_a_file_mapping_gives_the_file_and_its_offset_there()
    {
        NativeModuleMap map = NativeModuleMap.Parse(Maps);
        Assert.Equal(("/usr/share/dotnet/shared/Microsoft.NETCore.App/10.0.0/libcoreclr.so", 0x1000L + 0x234), map.FileAt(0x7f0000001234UL));
        Assert.Equal(("/tmp/old copy/libfoo.so", 0x10L), map.FileAt(0x7f0000007010UL));
        Assert.Null(map.FileAt(0x7ffd00001abcUL)); // a named region is no file
        Assert.Null(map.FileAt(0x7f0000003000UL)); // anonymous memory
    }

    [Fact]
    public void The_own_process_map_names_a_libc_function_by_its_library()
    {
        if (!OperatingSystem.IsLinux())
        {
            Assert.Null(NativeModuleMap.OfProcess(Environment.ProcessId)); // no map to read elsewhere
            return;
        }

        IntPtr libc = NativeLibrary.Load("libc.so.6");
        ulong getpid = (ulong)NativeLibrary.GetExport(libc, "getpid");
        NativeModuleMap map = Assert.IsType<NativeModuleMap>(NativeModuleMap.OfProcess(Environment.ProcessId));
        Assert.Equal("libc.so.6", map.NameOf(getpid));
        Assert.Null(NativeModuleMap.OfProcess(-5));
    }
}
