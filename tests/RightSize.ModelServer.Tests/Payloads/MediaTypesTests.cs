using RightSize.ModelServer.Payloads;

namespace RightSize.ModelServer.Tests.Payloads;

public sealed class MediaTypesTests
{
    [Theory]
    [InlineData(null, "Csv")]
    [InlineData("text/csv", "Csv")]
    [InlineData("Text/CSV; charset=utf-8", "Csv")]
    [InlineData("application/json", "Json")]
    [InlineData("application/json;charset=utf-8", "Json")]
    [InlineData("application/x-recordio-protobuf", null)]
    public void Content_type_picks_the_request_format(string? contentType, string? expected)
        => Assert.Equal(expected, MediaTypes.FromContentType(contentType)?.ToString());

    [Theory]
    [InlineData(null, "Json")]
    [InlineData("*/*", "Json")]
    [InlineData("text/csv", "Csv")]
    [InlineData("image/png, text/csv;q=0.5", "Csv")]
    [InlineData("application/*", "Json")]
    [InlineData("image/png", null)]
    public void Accept_picks_the_response_format_defaulting_to_the_request_format(string? accept, string? expected)
        => Assert.Equal(expected, MediaTypes.FromAccept(accept, PayloadFormat.Json)?.ToString());
}
