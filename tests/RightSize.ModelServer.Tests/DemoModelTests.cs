using System.Net;
using RightSize.ModelServer.Tests.TestSupport;

namespace RightSize.ModelServer.Tests;

public sealed class DemoModelTests
{
    [Fact]
    public void Demo_model_and_payloads_are_copied_next_to_the_assembly()
    {
        Assert.True(File.Exists(Path.Combine(DemoModel.Directory, "model.json")));
        Assert.Contains(Path.Combine(DemoModel.PayloadDirectory, "batch-10.csv"), Directory.GetFiles(DemoModel.PayloadDirectory));
        Assert.Equal("text/csv", DemoModel.ContentType);
    }

    [Fact]
    public async Task Every_demo_payload_gets_one_probability_per_row()
    {
        await using var server = await TestServer.StartReadyAsync("--model-dir", DemoModel.Directory);

        foreach (var payload in Directory.GetFiles(DemoModel.PayloadDirectory, "*.csv"))
        {
            var body = await File.ReadAllTextAsync(payload);
            using var response = await server.InvokeAsync(body, DemoModel.ContentType);

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            var predictions = GoldenCase.ReadRowsFromText(await response.Content.ReadAsStringAsync());
            Assert.Equal(body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, predictions.Length);
            Assert.All(predictions, p => Assert.InRange(Assert.Single(p), 0f, 1f));
        }
    }
}
