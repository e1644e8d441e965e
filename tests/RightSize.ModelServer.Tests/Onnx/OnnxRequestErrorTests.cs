using System.Net;
using RightSize.ModelServer.Hosting;
using RightSize.ModelServer.Tests.TestSupport;

namespace RightSize.ModelServer.Tests.Onnx;

/// <summary>A request the model cannot take is a 400 (413 when too large) that names the input and both shapes.</summary>
public sealed class OnnxRequestErrorTests
{
    [Theory]
    [InlineData("mlp-digits", """{"instances": [[0.5, 0.25]]}""", "input 'pixels' expects shape [?, 64] (float32) but received [1, 2]")]
    [InlineData("cnn-digits", """{"instances": [[0, 1, 2, 3]]}""", "input 'image' expects shape [?, 1, 8, 8] (float32) but received [1, 4]")]
    [InlineData("mlp-digits", """{"instances": [[1, 2], [3]]}""", "input 'pixels': the arrays are not rectangular at index [1] (1 values where others have 2)")]
    [InlineData("mlp-digits", """{"instances": [["a"]]}""", "input 'pixels' is float32: 'a' at index [0, 0] is not a number")]
    [InlineData("transformer-encoder", """{"inputs": {"input_ids": [[1, 2.5]], "attention_mask": [[1, 1]]}}""",
        "input 'input_ids' is int64: '2.5' at index [0, 1] is not a whole number of that type")]
    [InlineData("transformer-encoder", """{"inputs": {"input_ids": [[1, 2]]}}""", "\"inputs\" lacks 'attention_mask' [?, ?] (int64)")]
    [InlineData("transformer-encoder", """{"inputs": {"token_ids": [[1, 2]]}}""", "the model has no input 'token_ids'; its inputs are 'input_ids' [?, ?], 'attention_mask' [?, ?]")]
    [InlineData("transformer-encoder", """{"instances": [[1, 2]]}""", "the model has 2 inputs, so rows alone cannot say which is which")]
    public async Task A_request_that_does_not_fit_the_model_is_a_400_naming_the_input(string model, string body, string message)
    {
        await using var server = await TestServer.StartReadyAsync("--model-dir", new OnnxGoldenCase(model).Directory);

        using var response = await server.InvokeAsync(body, "application/json");

        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, text);
        Assert.Contains(message, text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Csv_rows_of_the_wrong_length_and_csv_for_two_inputs_are_400s()
    {
        await using var mlp = await TestServer.StartReadyAsync("--model-dir", new OnnxGoldenCase("mlp-digits").Directory);
        await using var transformer = await TestServer.StartReadyAsync("--model-dir", new OnnxGoldenCase("transformer-encoder").Directory);

        using var shortRow = await mlp.InvokeAsync("1,2,3\n", "text/csv");
        using var twoInputs = await transformer.InvokeAsync("1,2,3\n", "text/csv");

        Assert.Equal(HttpStatusCode.BadRequest, shortRow.StatusCode);
        Assert.Contains("row 1 has 3 values but input 'pixels' expects 64 per row (shape [?, 64], flattened)",
            await shortRow.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, twoInputs.StatusCode);
        Assert.Contains("text/csv serves single-input models; this one has 2 inputs", await twoInputs.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_body_over_the_payload_limit_is_a_413_and_the_server_keeps_serving()
    {
        var golden = new OnnxGoldenCase("mlp-digits");
        await using var server = await TestServer.StartReadyAsync("--model-dir", golden.Directory);
        var row = string.Join(',', Enumerable.Repeat("0.5", 64)) + "\n";
        var body = string.Concat(Enumerable.Repeat(row, (RequestBody.MaxBytes / row.Length) + 1));

        using var tooLarge = await server.InvokeAsync(body, "text/csv");
        using var next = await server.InvokeAsync(golden.Read("request.csv"), "text/csv");

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
        Assert.Contains("larger than 6 MB", await tooLarge.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, next.StatusCode);
    }
}
