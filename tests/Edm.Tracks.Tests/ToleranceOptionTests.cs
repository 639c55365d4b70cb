using Edm.Tracks.Commands;

namespace Edm.Tracks.Tests;

public sealed class ToleranceOptionTests
{
    [Theory]
    [InlineData("4%", 0.04)]
    [InlineData(" 8 % ", 0.08)]
    [InlineData("0.04", 0.04)]
    [InlineData("50%", 0.5)]
    public void Accepts_percentages_and_shares(string text, double expected)
    {
        Assert.True(ToleranceOption.TryParse(text, out double tolerance));
        Assert.Equal(expected, tolerance, precision: 12);
    }

    [Theory]
    [InlineData("4")] // a share of 400 %: surely meant 4 %
    [InlineData("0%")]
    [InlineData("-4%")]
    [InlineData("51%")]
    [InlineData("four")]
    [InlineData("")]
    public void Rejects_anything_else(string text) => Assert.False(ToleranceOption.TryParse(text, out _));
}
