using System.Text;
using System.Text.Json;
using RightSize.ModelServer.Payloads;
using RightSize.ModelServer.Tests.TestSupport;
using RightSize.ModelServer.Xgboost;

namespace RightSize.ModelServer.Tests.Xgboost;

/// <summary>Predictions must match xgboost 1.7's own within 1e-5, in-process and through HTTP, CSV and JSON.</summary>
public sealed class GoldenTests
{
    [Theory]
    [MemberData(nameof(GoldenCase.Names), MemberType = typeof(GoldenCase))]
    public void In_process_predictions_match_xgboost(string name)
    {
        var golden = new GoldenCase(name);
        var model = XgboostModelReader.Load(Path.Combine(golden.Directory, "model.json"));
        Assert.True(model.Succeeded, model.Error);
        var parsed = CsvPayloadParser.Parse(Encoding.UTF8.GetBytes(golden.InputCsv), model.Value.FeatureCount);
        Assert.True(parsed.Succeeded, parsed.Error);
        using var features = parsed.Value;

        var width = model.Value.OutputWidth;
        var output = new float[features.Rows * width];
        model.Value.Predict(features.Values, features.Rows, output, CancellationToken.None);

        GoldenCase.AssertClose(golden.Expected, [.. output.Chunk(width)]);
    }

    /// <summary>Lone rows take another path (four trees at a time) than blocks of rows (four rows at a time).</summary>
    [Theory]
    [MemberData(nameof(GoldenCase.Names), MemberType = typeof(GoldenCase))]
    public void Row_by_row_predictions_match_xgboost(string name)
    {
        var golden = new GoldenCase(name);
        var model = XgboostModelReader.Load(Path.Combine(golden.Directory, "model.json")).Value!;
        var rows = GoldenCase.ReadRowsFromText(golden.InputCsv);

        var predictions = rows.Select(row =>
        {
            var output = new float[model.OutputWidth];
            model.Predict(row, 1, output, CancellationToken.None);
            return output;
        });

        GoldenCase.AssertClose(golden.Expected, [.. predictions]);
    }

    [Theory]
    [MemberData(nameof(GoldenCase.Names), MemberType = typeof(GoldenCase))]
    public async Task Csv_invocations_match_xgboost(string name)
    {
        var golden = new GoldenCase(name);
        await using var server = await TestServer.StartReadyAsync("--model-dir", golden.Directory);

        using var response = await server.InvokeAsync(golden.InputCsv, "text/csv");

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        GoldenCase.AssertClose(golden.Expected, [.. lines.Select(GoldenCase.ParseRow)]);
    }

    [Theory]
    [MemberData(nameof(GoldenCase.Names), MemberType = typeof(GoldenCase))]
    public async Task Json_invocations_match_xgboost(string name)
    {
        var golden = new GoldenCase(name);
        await using var server = await TestServer.StartReadyAsync("--model-dir", golden.Directory);
        var rows = golden.InputCsv.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(line => "[" + string.Join(",", line.Split(',').Select(c => c.Length == 0 ? "null" : c)) + "]");

        using var response = await server.InvokeAsync("{\"instances\": [" + string.Join(",", rows) + "]}", "application/json");

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var predictions = document.RootElement.GetProperty("predictions").EnumerateArray()
            .Select(p => p.ValueKind == JsonValueKind.Array ? p.EnumerateArray().Select(v => v.GetSingle()).ToArray() : [p.GetSingle()]);
        GoldenCase.AssertClose(golden.Expected, [.. predictions]);
    }

    [Fact]
    public async Task Single_rows_answer_one_line_each_and_accept_picks_the_response_format()
    {
        var golden = new GoldenCase("multi-softprob");
        await using var server = await TestServer.StartReadyAsync("--model-dir", golden.Directory);
        var firstRow = golden.InputCsv.Split('\n')[0];

        using var csv = await server.InvokeAsync(firstRow, "text/csv; charset=utf-8");
        using var json = await server.InvokeAsync(firstRow, "text/csv", accept: "application/json");

        GoldenCase.AssertClose([golden.Expected[0]], [GoldenCase.ParseRow((await csv.Content.ReadAsStringAsync()).TrimEnd('\n'))]);
        Assert.Equal("application/json", json.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("{\"predictions\":[[", await json.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
