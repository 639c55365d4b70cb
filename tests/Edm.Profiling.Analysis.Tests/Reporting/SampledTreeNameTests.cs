using Edm.Profiling.Analysis.Reporting;

namespace Edm.Profiling.Analysis.Tests.Reporting;

public sealed class SampledTreeNameTests
{
    [Theory]
    [InlineData("MathNet.Numerics.IntegralTransforms.Fourier.Forward(class System.Numerics.Complex[])", "Fourier.Forward")]
    [InlineData("System.Collections.Generic.List`1[System.Int32].Add(!0)", "List`1.Add")]
    [InlineData("Main()", "Main")]
    [InlineData("[native code] libcoreclr.so", "[native code] libcoreclr.so")]
    [InlineData("[native code] unknown module", "[native code] unknown module")]
    public void Short_names_keep_the_type_and_method_and_leave_native_frames_whole(string name, string expected) =>
        Assert.Equal(expected, SampledTree.ShortName(name));
}
