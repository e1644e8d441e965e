using System.Globalization;
using System.Text.Json;
using RightSize.ModelServer.Tests.TestSupport;

namespace RightSize.ModelServer.Tests.Onnx;

/// <summary>builtin:onnx's outputs must match torch's own within 1e-5, through HTTP, in JSON and CSV.</summary>
public sealed class OnnxGoldenTests
{
    [Theory]
    [MemberData(nameof(OnnxGoldenCase.Names), MemberType = typeof(OnnxGoldenCase))]
    public async Task Json_invocations_match_torch(string name)
    {
        var golden = new OnnxGoldenCase(name);
        await using var server = await TestServer.StartReadyAsync("--model-dir", golden.Directory);

        using var response = await server.InvokeAsync(golden.Read("request.json"), "application/json");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        OnnxGoldenCase.AssertClose(golden.Expected, OnnxGoldenCase.Rows(JsonDocument.Parse(body).RootElement.GetProperty("predictions")));
    }

    [Theory]
    [MemberData(nameof(OnnxGoldenCase.CsvNames), MemberType = typeof(OnnxGoldenCase))]
    public async Task Csv_invocations_of_flattened_rows_match_torch(string name)
    {
        var golden = new OnnxGoldenCase(name);
        await using var server = await TestServer.StartReadyAsync("--model-dir", golden.Directory);

        using var response = await server.InvokeAsync(golden.Read("request.csv"), "text/csv");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var rows = body.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => line.Split(',').Select(v => double.Parse(v, CultureInfo.InvariantCulture)).ToArray());
        OnnxGoldenCase.AssertClose(golden.Expected, [.. rows]);
    }
}
