using RightSize.Load;

namespace RightSize.Core.Tests.Load;

public sealed class DurationParserTests
{
    [Theory]
    [InlineData("10s", 10_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("500ms", 500)]
    [InlineData("30", 30_000)]
    [InlineData("1.5s", 1_500)]
    [InlineData(" 5S ", 5_000)]
    [InlineData("2 m", 120_000)]
    public void Parses_durations_with_units(string text, int milliseconds)
    {
        Assert.True(DurationParser.TryParse(text, out var duration, out var error), error);
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), duration);
        Assert.Empty(error);
    }

    [Theory]
    [InlineData("")]
    [InlineData(null)]
    [InlineData("ten")]
    [InlineData("10x")]
    [InlineData("-5s")]
    [InlineData("0")]
    [InlineData("s")]
    [InlineData("1e400")]
    public void Rejects_what_is_not_a_positive_duration(string? text)
    {
        Assert.False(DurationParser.TryParse(text, out _, out var error));
        Assert.Contains("'", error, StringComparison.Ordinal);
    }
}
