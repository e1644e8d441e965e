using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using RightSize.ModelServer.Tests.TestSupport;

namespace RightSize.ModelServer.Tests.Onnx;

/// <summary>Tensors in and out as numpy's .npy (application/x-npy), checked against torch's outputs.</summary>
public sealed partial class OnnxNpyTests
{
    [Theory]
    [MemberData(nameof(OnnxGoldenCase.CsvNames), MemberType = typeof(OnnxGoldenCase))]
    public async Task Npy_in_and_out_matches_torch(string name)
    {
        var golden = new OnnxGoldenCase(name);
        await using var server = await TestServer.StartReadyAsync("--model-dir", golden.Directory);

        using var response = await PostNpyAsync(server, golden.ReadBytes("request.npy"));

        Assert.True(response.IsSuccessStatusCode, await response.Content.ReadAsStringAsync());
        Assert.Equal("application/x-npy", response.Content.Headers.ContentType?.MediaType);
        var (descr, shape, values) = ParseNpy(await response.Content.ReadAsByteArrayAsync());
        var expected = golden.Expected;
        Assert.Equal("<f4", descr);
        Assert.Equal([expected.Length, expected[0].Length], shape);
        OnnxGoldenCase.AssertClose(expected, [.. values.Select(v => (double)v).Chunk(shape[1])]);
    }

    [Fact]
    public async Task An_npy_array_of_the_wrong_dtype_is_a_400_naming_the_input_and_both_dtypes()
    {
        var golden = new OnnxGoldenCase("mlp-digits");
        await using var server = await TestServer.StartReadyAsync("--model-dir", golden.Directory);

        using var response = await PostNpyAsync(server, golden.ReadBytes("request-float64.npy"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("input 'pixels' is float32 ('<f4') but the .npy array is '<f8'; convert it with array.astype(numpy.float32)",
            await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_xgboost_model_refuses_npy_naming_what_it_takes()
    {
        await using var server = await TestServer.StartReadyAsync("--model-dir", new GoldenCase("binary-logistic").Directory);

        using var response = await PostNpyAsync(server, new OnnxGoldenCase("mlp-digits").ReadBytes("request.npy"));

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Contains("send text/csv or application/json", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> PostNpyAsync(TestServer server, byte[] body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-npy");
        request.Headers.Accept.ParseAdd("application/x-npy");
        return await server.Client.SendAsync(request);
    }

    /// <summary>Reads a version 1.0 .npy of float32 as numpy.load would: magic, header length, dict, C-order data.</summary>
    private static (string Descr, int[] Shape, float[] Values) ParseNpy(byte[] npy)
    {
        Assert.Equal("\x93NUMPY", Encoding.Latin1.GetString(npy, 0, 6));
        var headerLength = BitConverter.ToUInt16(npy, 8);
        Assert.Equal(0, (10 + headerLength) % 64);
        var header = Encoding.Latin1.GetString(npy, 10, headerLength);
        Assert.EndsWith("\n", header, StringComparison.Ordinal);
        var descr = DescrPattern().Match(header).Groups[1].Value;
        int[] shape = [.. ShapePattern().Match(header).Groups[1].Value.Split(',', StringSplitOptions.RemoveEmptyEntries)
            .Select(d => int.Parse(d, CultureInfo.InvariantCulture))];
        return (descr, shape, MemoryMarshal.Cast<byte, float>(npy.AsSpan(10 + headerLength)).ToArray());
    }

    [GeneratedRegex(@"'descr': '([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'shape': \(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
