using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace RightSize.Server.Security;

/// <summary>
/// Verifies AWS Signature Version 4 (the <c>Authorization: AWS4-HMAC-SHA256 ...</c> header the aws CLI and boto3 send)
/// against configured access keys: service <c>sagemaker</c>, any region, 15 minutes of clock skew.
/// </summary>
internal sealed partial class SigV4Verifier
{
    public static readonly TimeSpan MaxClockSkew = TimeSpan.FromMinutes(15);

    private static readonly string[] ReadHeaders = ["host", "x-amz-date"];
    private static readonly string[] WriteHeaders = ["host", "x-amz-date", "x-amz-target"];

    private readonly Dictionary<string, string> _secrets;
    private readonly TimeProvider _time;

    public SigV4Verifier(IReadOnlyList<AccessKey> keys, TimeProvider time)
    {
        _secrets = keys.GroupBy(k => k.AccessKeyId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Last().SecretAccessKey, StringComparer.Ordinal);
        _time = time;
    }

    /// <summary>Null when the signature is right; otherwise the AWS error code and message.</summary>
    public (string Code, string Message)? Verify(HttpRequest request, ReadOnlySpan<byte> body)
    {
        var header = request.Headers.Authorization.ToString();
        var match = AuthorizationPattern().Match(header);
        if (header.Length == 0 || !match.Success)
        {
            return ("MissingAuthenticationTokenException", "Missing or malformed Authorization header: sign requests with AWS Signature Version 4");
        }

        var (keyId, date, region, service) = (match.Groups["key"].Value, match.Groups["date"].Value, match.Groups["region"].Value, match.Groups["service"].Value);
        if (!_secrets.TryGetValue(keyId, out var secret))
        {
            return ("UnrecognizedClientException", "The security token included in the request is invalid.");
        }

        var amzDate = request.Headers["X-Amz-Date"].ToString();
        if (!DateTimeOffset.TryParseExact(amzDate, SigV4.AmzDateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt)
            || !amzDate.StartsWith(date, StringComparison.Ordinal))
        {
            return ("IncompleteSignatureException", "X-Amz-Date is missing or does not match the credential scope's date");
        }

        if ((_time.GetUtcNow() - signedAt).Duration() > MaxClockSkew)
        {
            return ("InvalidSignatureException", "Signature expired: the request's X-Amz-Date is more than 15 minutes from the server's clock");
        }

        // As AWS does for JSON protocols: the operation must be signed, or a captured request could be re-sent as another.
        var signed = match.Groups["headers"].Value.Split(';');
        var required = HttpMethods.IsGet(request.Method) && !request.Headers.ContainsKey("X-Amz-Target") ? ReadHeaders : WriteHeaders;
        if (required.Where(h => !signed.Contains(h, StringComparer.Ordinal)).ToList() is { Count: > 0 } unsigned)
        {
            return ("IncompleteSignatureException", $"SignedHeaders must include {string.Join(", ", required)}; missing: {string.Join(", ", unsigned)}");
        }

        var headers = signed.Select(name =>
            (name, name == "host" ? request.Host.Value ?? string.Empty : string.Join(',', request.Headers[name].Select(v => (v ?? string.Empty).Trim()))));
        var canonical = SigV4.CanonicalRequest(request.Method, request.Path.Value, request.Query, headers, body);
        var expected = Encoding.ASCII.GetBytes(SigV4.Signature(secret, amzDate, region, service, canonical));
        var given = Encoding.ASCII.GetBytes(match.Groups["signature"].Value);
        return service == SigV4.Service && CryptographicOperations.FixedTimeEquals(expected, given)
            ? null
            : ("InvalidSignatureException", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.");
    }

    [GeneratedRegex(@"^AWS4-HMAC-SHA256\s+Credential=(?<key>[^/,\s]+)/(?<date>\d{8})/(?<region>[^/,\s]+)/(?<service>[^/,\s]+)/aws4_request,\s*SignedHeaders=(?<headers>[a-z0-9\-;]+),\s*Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();
}
