using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using RightSize.Server.Security;
using RightSize.Server.Tests.Infrastructure;

namespace RightSize.Server.Tests.Security;

/// <summary>A captured signed request cannot be re-sent as another operation: X-Amz-Target must be signed, as AWS requires.</summary>
public sealed class SigV4ReplayTests
{
    private static readonly AccessKey Key = new("AKIARIGHTSIZEREPLAY", "replay-secret");

    [Fact]
    public async Task A_signed_DescribeModel_resent_as_DeleteModel_is_refused_and_the_model_stays()
    {
        await using var server = await TestServer.StartAsync(keys: [Key]);
        using var http = new HttpClient { BaseAddress = server.Address };
        var body = """{"ModelName": "victim"}""";
        var created = await new AwsCli(server.Url, Key.AccessKeyId, Key.SecretAccessKey).SageMakerAsync(
            "create-model", "--model-name", "victim", "--primary-container", "Image=builtin:synthetic");
        Assert.True(created.ExitCode == 0, created.Stderr);

        // Signed without X-Amz-Target (as the old server accepted): whatever the target says, refused.
        var unsignedTarget = await SendAsync(http, server.Address, body, "DeleteModel", signTarget: null);
        Assert.Equal(HttpStatusCode.Forbidden, unsignedTarget.Status);
        Assert.Equal("IncompleteSignatureException", unsignedTarget.Type);

        // Signed for DescribeModel, then re-targeted.
        var retargeted = await SendAsync(http, server.Address, body, "DeleteModel", signTarget: "DescribeModel");
        Assert.Equal(HttpStatusCode.Forbidden, retargeted.Status);
        Assert.Equal("InvalidSignatureException", retargeted.Type);

        var intact = await SendAsync(http, server.Address, body, "DescribeModel", signTarget: "DescribeModel");
        Assert.Equal(HttpStatusCode.OK, intact.Status);
    }

    private static async Task<(HttpStatusCode Status, string? Type)> SendAsync(HttpClient http, Uri address, string body, string target, string? signTarget)
    {
        var amzDate = SigV4.AmzDate(DateTimeOffset.UtcNow);
        List<(string Name, string Value)> signed = [("host", address.Authority), ("x-amz-date", amzDate)];
        if (signTarget is not null)
        {
            signed.Add(("x-amz-target", "SageMaker." + signTarget));
        }

        var canonical = SigV4.CanonicalRequest("POST", "/", QueryHelpers.ParseQuery(string.Empty), signed, Encoding.UTF8.GetBytes(body));
        var signature = SigV4.Signature(Key.SecretAccessKey, amzDate, "us-east-1", SigV4.Service, canonical);
        using var request = new HttpRequestMessage(HttpMethod.Post, "/") { Content = new StringContent(body, Encoding.UTF8) };
        request.Content.Headers.ContentType = new("application/x-amz-json-1.1");
        request.Headers.Add("X-Amz-Target", "SageMaker." + target);
        request.Headers.Add("X-Amz-Date", amzDate);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"{SigV4.Algorithm} Credential={Key.AccessKeyId}/{amzDate[..8]}/us-east-1/{SigV4.Service}/aws4_request, "
            + $"SignedHeaders={string.Join(';', signed.Select(h => h.Name))}, Signature={signature}");
        using var response = await http.SendAsync(request);
        var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
        return (response.StatusCode, json.TryGetProperty("__type", out var type) ? type.GetString() : null);
    }
}
