using System.Text;
using RightSize.ModelServer.Payloads;

namespace RightSize.ModelServer.Tests.Payloads;

public sealed class JsonPayloadParserTests
{
    private static Attempt<FeatureMatrix> Parse(string json, int columns) => JsonPayloadParser.Parse(Encoding.UTF8.GetBytes(json), columns);

    [Theory]
    [InlineData("{\"instances\": [[1, 2], [3, null]]}")]
    [InlineData("{\"configuration\": {\"k\": [1]}, \"instances\": [[1, 2], [3, null]], \"after\": true}")]
    [InlineData("[[1, 2], [3, null]]")]
    [InlineData(" [[1, \"2\"], [3.0, \"NaN\"]] ")]
    public void Reads_instances_and_arrays_of_rows(string json)
    {
        var result = Parse(json, 2);

        Assert.True(result.Succeeded, result.Error);
        using var matrix = result.Value;
        Assert.Equal([1f, 2f, 3f, float.NaN], matrix.Values.ToArray());
    }

    [Fact]
    public void Reads_one_flat_row()
    {
        using var matrix = Parse("[0.5, -1e2, null]", 3).Value!;

        Assert.Equal(1, matrix.Rows);
        Assert.Equal([0.5f, -100f, float.NaN], matrix.Values.ToArray());
    }

    [Theory]
    [InlineData("[[1, 2], 3]", "row 2 is a Number, not an array of features")]
    [InlineData("[[1, 2], [1, {}]]", "row 2, column 2: 'StartObject' is not a number")]
    [InlineData("[[1, 2], [1, \"a\"]]", "row 2, column 2: 'a' is not a number")]
    [InlineData("[]", "the request has no rows")]
    [InlineData("\"text\"", "unexpected String")]
    [InlineData("[[1, 2]] trailing", "the request is not valid JSON")]
    [InlineData("{\"instances\": 5}", "the object has no \"instances\" array")]
    public void Errors_say_what_is_wrong(string json, string message)
    {
        var result = Parse(json, 2);

        Assert.False(result.Succeeded);
        Assert.StartsWith(message, result.Error, StringComparison.Ordinal);
    }
}
