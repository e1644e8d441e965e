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
        if (!DateTimeOffset.TryParseExact(amzDate, "yyyyMMdd'T'HHmmss'Z'", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var signedAt)
            || !amzDate.StartsWith(date, StringComparison.Ordinal))
        {
            return ("IncompleteSignatureException", "X-Amz-Date is missing or does not match the credential scope's date");
        }

        if ((_time.GetUtcNow() - signedAt).Duration() > MaxClockSkew)
        {
            return ("InvalidSignatureException", "Signature expired: the request's X-Amz-Date is more than 15 minutes from the server's clock");
        }

        var signedHeaders = match.Groups["headers"].Value;
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"AWS4-HMAC-SHA256\n{amzDate}\n{scope}\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalRequest(request, signedHeaders, body))))}";
        var key = Hmac(Hmac(Hmac(Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), date), region), service), "aws4_request");
        var expected = Encoding.ASCII.GetBytes(Hex(Hmac(key, stringToSign)));
        var given = Encoding.ASCII.GetBytes(match.Groups["signature"].Value);
        return service == "sagemaker" && CryptographicOperations.FixedTimeEquals(expected, given)
            ? null
            : ("InvalidSignatureException", "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method.");
    }

    private static string CanonicalRequest(HttpRequest request, string signedHeaders, ReadOnlySpan<byte> body)
    {
        var builder = new StringBuilder();
        builder.Append(request.Method).Append('\n');
        builder.Append(CanonicalPath(request.Path.Value)).Append('\n');
        builder.Append(CanonicalQuery(request.Query)).Append('\n');
        foreach (var name in signedHeaders.Split(';'))
        {
            var values = name == "host" ? request.Host.Value ?? string.Empty : string.Join(',', request.Headers[name].Select(v => Collapse(v ?? string.Empty)));
            builder.Append(name).Append(':').Append(values).Append('\n');
        }

        // The hash of the body received, never a client-supplied one, so the signature also covers the body.
        builder.Append('\n').Append(signedHeaders).Append('\n').Append(Hex(SHA256.HashData(body)));
        return builder.ToString();
    }

    private static string CanonicalPath(string? path) =>
        string.IsNullOrEmpty(path) ? "/" : string.Join('/', path.Split('/').Select(s => Uri.EscapeDataString(Uri.UnescapeDataString(s))));

    private static string CanonicalQuery(IQueryCollection query) => string.Join('&', query
        .SelectMany(p => p.Value.Select(v => (Key: Uri.EscapeDataString(p.Key), Value: Uri.EscapeDataString(v ?? string.Empty))))
        .OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
        .Select(p => $"{p.Key}={p.Value}"));

    private static string Collapse(string value) => WhitespaceRun().Replace(value.Trim(), " ");

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    [GeneratedRegex(@"^AWS4-HMAC-SHA256\s+Credential=(?<key>[^/,\s]+)/(?<date>\d{8})/(?<region>[^/,\s]+)/(?<service>[^/,\s]+)/aws4_request,\s*SignedHeaders=(?<headers>[a-z0-9\-;]+),\s*Signature=(?<signature>[0-9a-f]{64})$")]
    private static partial Regex AuthorizationPattern();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRun();
}
