using System.Text;
using RightSize.ModelServer.Payloads;

namespace RightSize.ModelServer.Tests.Payloads;

public sealed class CsvPayloadParserTests
{
    private static Attempt<FeatureMatrix> Parse(string csv, int columns) => CsvPayloadParser.Parse(Encoding.UTF8.GetBytes(csv), columns);

    [Fact]
    public void Reads_rows_with_crlf_blank_lines_and_missing_cells()
    {
        var result = Parse("1,2,3\r\n\r\n4,,6\n, 8 ,nan\n", 3);

        Assert.True(result.Succeeded, result.Error);
        using var matrix = result.Value;
        Assert.Equal(3, matrix.Rows);
        Assert.Equal([1f, 2f, 3f, 4f, float.NaN, 6f, float.NaN, 8f, float.NaN], matrix.Values.ToArray());
    }

    [Fact]
    public void Last_row_needs_no_newline_and_many_rows_grow_the_buffer()
    {
        var csv = string.Join("\n", Enumerable.Range(0, 1000).Select(i => $"{i},{i + 0.5}"));

        using var matrix = Parse(csv, 2).Value!;

        Assert.Equal(1000, matrix.Rows);
        Assert.Equal(999.5f, matrix.Values[^1]);
    }

    [Theory]
    [InlineData("1,2\n3,x\n", "row 2, column 2: 'x' is not a number")]
    [InlineData("1,2\n\n3\n", "row 3 has 1 columns but the model expects 2 features")]
    [InlineData("\n\n", "the request has no rows")]
    public void Errors_name_the_line_and_column(string csv, string message)
    {
        var result = Parse(csv, 2);

        Assert.False(result.Succeeded);
        Assert.StartsWith(message, result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Long_bad_cells_are_shortened_in_messages()
    {
        var result = Parse(new string('z', 500), 1);

        Assert.Equal($"row 1, column 1: '{new string('z', 40)}...' is not a number (the request must not have a header row)", result.Error);
    }
}
