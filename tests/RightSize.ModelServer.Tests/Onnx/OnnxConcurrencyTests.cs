using System.Text.Json;
using RightSize.ModelServer.Tests.TestSupport;

namespace RightSize.ModelServer.Tests.Onnx;

/// <summary>
/// Request and response buffers come from a shared pool: requests in flight together, each with its own row, must each
/// get that row's outputs (torch's), whatever the format, and a body sized by Content-Length.
/// </summary>
public sealed class OnnxConcurrencyTests
{
    private const int Rounds = 4;

    [Fact]
    public async Task Concurrent_requests_with_different_rows_each_get_their_own_outputs()
    {
        var golden = new OnnxGoldenCase("mlp-digits");
        await using var server = await TestServer.StartReadyAsync("--model-dir", golden.Directory);
        var rows = JsonDocument.Parse(golden.Read("request.json")).RootElement.GetProperty("instances").EnumerateArray().ToArray();
        var csvRows = golden.Read("request.csv").Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var expected = golden.Expected;

        // Every row in JSON and in CSV, all in flight at once, a few rounds: 128 requests in all.
        var requests = Enumerable.Range(0, Rounds).SelectMany(_ => Enumerable.Range(0, rows.Length)).SelectMany(row => new[]
        {
            (Row: row, Task: server.InvokeAsync($$"""{"instances": [{{rows[row].GetRawText()}}]}""", "application/json")),
            (Row: row, Task: server.InvokeAsync(csvRows[row] + "\n", "text/csv", "application/json")),
        }).ToList();
        await Task.WhenAll(requests.Select(r => r.Task));

        foreach (var (row, task) in requests)
        {
            using var response = await task;
            var body = await response.Content.ReadAsByteArrayAsync();
            Assert.True(response.IsSuccessStatusCode, System.Text.Encoding.UTF8.GetString(body));
            Assert.Equal(body.Length, response.Content.Headers.ContentLength);
            Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
            var served = OnnxGoldenCase.Rows(JsonDocument.Parse(body).RootElement.GetProperty("predictions"));
            OnnxGoldenCase.AssertClose([expected[row]], served);
        }
    }
}
