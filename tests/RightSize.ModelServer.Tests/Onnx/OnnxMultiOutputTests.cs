using System.Net;
using System.Text.Json;
using RightSize.ModelServer.Tests.TestSupport;

namespace RightSize.ModelServer.Tests.Onnx;

/// <summary>A model with two outputs answers in JSON, one tensor per output name; CSV and npy (one array) are a 406.</summary>
public sealed class OnnxMultiOutputTests
{
    [Fact]
    public async Task Json_names_each_output()
    {
        var golden = new OnnxGoldenCase("two-outputs");
        await using var server = await TestServer.StartReadyAsync("--model-dir", golden.Directory);

        using var response = await server.InvokeAsync(golden.Read("request.json"), "application/json");

        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, body);
        var served = JsonDocument.Parse(body).RootElement.GetProperty("outputs");
        var expected = JsonDocument.Parse(golden.Read("expected.json")).RootElement.GetProperty("outputs");
        Assert.Equal(["doubled", "negated"], served.EnumerateObject().Select(p => p.Name));
        foreach (var name in new[] { "doubled", "negated" })
        {
            OnnxGoldenCase.AssertClose(OnnxGoldenCase.Rows(expected.GetProperty(name)), OnnxGoldenCase.Rows(served.GetProperty(name)));
        }
    }

    [Theory]
    [InlineData("text/csv")]
    [InlineData("application/x-npy")]
    public async Task Csv_or_npy_accepted_is_a_406_saying_to_accept_json_and_the_server_keeps_serving(string accept)
    {
        var golden = new OnnxGoldenCase("two-outputs");
        await using var server = await TestServer.StartReadyAsync("--model-dir", golden.Directory);

        using var refused = await server.InvokeAsync(golden.Read("request.json"), "application/json", accept);
        using var next = await server.InvokeAsync(golden.Read("request.json"), "application/json");

        Assert.Equal(HttpStatusCode.NotAcceptable, refused.StatusCode);
        Assert.Contains($"the model has 2 outputs, which {accept} cannot hold; accept application/json",
            await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }
}
