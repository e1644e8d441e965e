using System.Net;
using System.Text;
using RightSize.ModelServer.Tests.TestSupport;

namespace RightSize.ModelServer.Tests.Hosting;

/// <summary>The container contract over real HTTP: status codes, messages, limits, and that the server keeps serving.</summary>
public sealed class ContainerEndpointsTests : IAsyncLifetime
{
    private static readonly GoldenCase Golden = new("reg-squarederror");
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartReadyAsync("--model-dir", Golden.Directory);

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static string ValidRow => "0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.0";

    [Theory]
    [InlineData("0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.0\n1,2,3,4,5,6,7,8,9,10\n1,2,3,4,5,6,abc,8,9,10\n", "row 3, column 7: 'abc' is not a number")]
    [InlineData("1,2,3,4,5\n", "row 1 has 5 columns but the model expects 10 features")]
    [InlineData("0.1,0.2,0.3,0.4,0.5,0.6,0.7,0.8,0.9,1.0\n1,2,3,4,5,6,7,8,9,10,11\n", "row 2 has 11 columns but the model expects 10 features")]
    [InlineData("f1,f2,f3,f4,f5,f6,f7,f8,f9,f10\n", "row 1, column 1: 'f1' is not a number (the request must not have a header row)")]
    [InlineData("", "the request has no rows")]
    public async Task Bad_csv_gets_400_naming_row_and_column_and_the_server_keeps_serving(string body, string message)
    {
        using var response = await _server.InvokeAsync(body, "text/csv");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    [Theory]
    [InlineData("{\"instances\": [[1,2,3", "the request is not valid JSON")]
    [InlineData("[[1,2,3,4,5,6,7,8,9,10],[1,2,3,4,5,6,7,8,9]]", "row 2 has 9 values but the model expects 10 features")]
    [InlineData("[[1,2,3,4,5,6,7,8,9,10,11]]", "row 1 has more than 10 values")]
    [InlineData("{\"instances\": [[1,2,true,4,5,6,7,8,9,10]]}", "row 1, column 3: 'true' is not a number")]
    [InlineData("{\"rows\": []}", "the object has no \"instances\" array")]
    [InlineData("", "the request is empty")]
    public async Task Bad_json_gets_400_with_a_message(string body, string message)
    {
        using var response = await _server.InvokeAsync(body, "application/json");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Body_over_6_MB_gets_413_with_a_message(bool chunked)
    {
        var row = Encoding.ASCII.GetBytes(ValidRow + "\n");
        var body = new byte[(6 * 1024 * 1024) + row.Length];
        for (var i = 0; i + row.Length <= body.Length; i += row.Length)
        {
            row.CopyTo(body, i);
        }

        using var content = new ByteArrayContent(body);
        content.Headers.ContentType = new("text/csv");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = content };
        request.Headers.TransferEncodingChunked = chunked;
        using var response = await _server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Contains("larger than 6 MB", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await AssertStillServingAsync();
    }

    [Fact]
    public async Task Unsupported_content_type_gets_415_and_unsupported_accept_gets_406()
    {
        using var xml = await _server.InvokeAsync("<row/>", "application/xml");
        using var png = await _server.InvokeAsync(ValidRow, "text/csv", accept: "image/png");

        Assert.Equal(HttpStatusCode.UnsupportedMediaType, xml.StatusCode);
        Assert.Contains("send text/csv or application/json", await xml.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotAcceptable, png.StatusCode);
    }

    [Fact]
    public async Task Unknown_headers_are_ignored_and_no_server_header_is_sent()
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/invocations") { Content = new StringContent(ValidRow) };
        request.Content.Headers.ContentType = new("text/csv");
        request.Headers.Add("X-Amzn-SageMaker-Custom-Attributes", "trace=1");
        request.Headers.Add("X-Something-Else", "whatever");

        using var response = await _server.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(response.Headers.Server);
    }

    [Fact]
    public async Task Wrong_paths_and_methods_get_404_and_405()
    {
        using var notFound = await _server.Client.GetAsync("/predict");
        using var getInvocations = await _server.Client.GetAsync("/invocations");
        using var postPing = await _server.Client.PostAsync("/ping", null);

        Assert.Equal(HttpStatusCode.NotFound, notFound.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, getInvocations.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, postPing.StatusCode);
    }

    private async Task AssertStillServingAsync()
    {
        using var ping = await _server.Client.GetAsync("/ping");
        Assert.Equal(HttpStatusCode.OK, ping.StatusCode);
        using var valid = await _server.InvokeAsync(ValidRow, "text/csv");
        Assert.Equal(HttpStatusCode.OK, valid.StatusCode);
    }
}
