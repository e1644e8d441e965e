using Microsoft.AspNetCore.WebUtilities;

namespace RightSize.Server.Security;

/// <summary>
/// Signs outgoing requests to a RightSize server as the aws CLI does (SigV4, service sagemaker, host, X-Amz-Date and
/// X-Amz-Target signed), for RightSize's own clients of a server started with access keys.
/// </summary>
public sealed class SigV4SigningHandler(AccessKey key, string region, TimeProvider time) : DelegatingHandler(new HttpClientHandler())
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var uri = request.RequestUri ?? throw new InvalidOperationException("a request to sign needs an absolute URI");
        var body = request.Content is null ? [] : await request.Content.ReadAsByteArrayAsync(cancellationToken);
        var amzDate = SigV4.AmzDate(time.GetUtcNow());
        request.Headers.Add("X-Amz-Date", amzDate);
        List<(string Name, string Value)> signed = [("host", uri.Authority), ("x-amz-date", amzDate)];
        if (request.Headers.TryGetValues("X-Amz-Target", out var target))
        {
            signed.Add(("x-amz-target", string.Join(',', target)));
        }

        var canonical = SigV4.CanonicalRequest(
            request.Method.Method, Uri.UnescapeDataString(uri.AbsolutePath), QueryHelpers.ParseQuery(uri.Query), signed, body);
        var signature = SigV4.Signature(key.SecretAccessKey, amzDate, region, SigV4.Service, canonical);
        request.Headers.TryAddWithoutValidation("Authorization",
            $"{SigV4.Algorithm} Credential={key.AccessKeyId}/{amzDate[..8]}/{region}/{SigV4.Service}/aws4_request, SignedHeaders={string.Join(';', signed.Select(h => h.Name))}, Signature={signature}");
        return await base.SendAsync(request, cancellationToken);
    }
}
