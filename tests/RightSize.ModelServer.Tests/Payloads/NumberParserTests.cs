using System.Globalization;
using System.Text;
using RightSize.ModelServer.Payloads;

namespace RightSize.ModelServer.Tests.Payloads;

public sealed class NumberParserTests
{
    private static float Parse(string text)
    {
        Assert.True(NumberParser.TryParse(Encoding.UTF8.GetBytes(text), out var value), text);
        return value;
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    [InlineData("nan")]
    [InlineData("NaN")]
    [InlineData("\"\"")]
    public void Empty_cells_and_nan_are_missing(string text) => Assert.True(float.IsNaN(Parse(text)));

    [Theory]
    [InlineData("1", 1f)]
    [InlineData(" -2.5 ", -2.5f)]
    [InlineData("+3", 3f)]
    [InlineData("\"4.25\"", 4.25f)]
    [InlineData("1e3", 1000f)]
    [InlineData("1.5E-3", 0.0015f)]
    [InlineData(".5", 0.5f)]
    [InlineData("7.", 7f)]
    [InlineData("123456789012345678901234", 1.2345679e23f)]
    [InlineData("1e-30", 1e-30f)]
    [InlineData("Infinity", float.PositiveInfinity)]
    public void Numbers_parse_like_float_of_the_double(string text, float expected) => Assert.Equal(expected, Parse(text));

    [Theory]
    [InlineData("abc")]
    [InlineData("1,5")]
    [InlineData("1.2.3")]
    [InlineData("--1")]
    [InlineData("1e")]
    [InlineData("0x10")]
    public void Non_numbers_fail(string text) => Assert.False(NumberParser.TryParse(Encoding.UTF8.GetBytes(text), out _));

    [Fact]
    public void Fast_path_agrees_with_double_parse_on_random_decimals()
    {
        var random = new Random(42);
        for (var i = 0; i < 200_000; i++)
        {
            var value = (random.NextDouble() - 0.5) * Math.Pow(10, random.Next(-12, 12));
            var format = (i % 4) switch { 0 => "R", 1 => "G9", 2 => "F6", _ => "E5" };
            var text = value.ToString(format, CultureInfo.InvariantCulture);
            var expected = (float)double.Parse(text, CultureInfo.InvariantCulture);
            Assert.Equal(expected, Parse(text));
        }
    }
}
