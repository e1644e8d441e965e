using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Primitives;

namespace RightSize.Server.Security;

/// <summary>
/// Signature Version 4's arithmetic (canonical request, signing key, signature), shared by the server's verifier and
/// RightSize's own signing client so the two agree byte for byte.
/// </summary>
internal static partial class SigV4
{
    public const string Algorithm = "AWS4-HMAC-SHA256";
    public const string Service = "sagemaker";
    public const string AmzDateFormat = "yyyyMMdd'T'HHmmss'Z'";

    /// <param name="headers">The signed headers' names (lower case, in SignedHeaders order) and values.</param>
    public static string CanonicalRequest(
        string method, string? path, IEnumerable<KeyValuePair<string, StringValues>> query, IEnumerable<(string Name, string Value)> headers, ReadOnlySpan<byte> body)
    {
        var builder = new StringBuilder();
        builder.Append(method).Append('\n');
        builder.Append(CanonicalPath(path)).Append('\n');
        builder.Append(CanonicalQuery(query)).Append('\n');
        var names = new List<string>();
        foreach (var (name, value) in headers)
        {
            builder.Append(name).Append(':').Append(WhitespaceRun().Replace(value.Trim(), " ")).Append('\n');
            names.Add(name);
        }

        // The hash of the body itself, never a client-supplied one, so the signature also covers the body.
        builder.Append('\n').AppendJoin(';', names).Append('\n').Append(Hex(SHA256.HashData(body)));
        return builder.ToString();
    }

    /// <summary>The hex signature of a canonical request signed at <paramref name="amzDate"/> (X-Amz-Date) with a secret.</summary>
    public static string Signature(string secret, string amzDate, string region, string service, string canonicalRequest)
    {
        var date = amzDate[..8];
        var stringToSign = $"{Algorithm}\n{amzDate}\n{date}/{region}/{service}/aws4_request\n{Hex(SHA256.HashData(Encoding.UTF8.GetBytes(canonicalRequest)))}";
        var key = Hmac(Hmac(Hmac(Hmac(Encoding.UTF8.GetBytes("AWS4" + secret), date), region), service), "aws4_request");
        return Hex(Hmac(key, stringToSign));
    }

    public static string AmzDate(DateTimeOffset time) => time.UtcDateTime.ToString(AmzDateFormat, CultureInfo.InvariantCulture);

    private static string CanonicalPath(string? path) =>
        string.IsNullOrEmpty(path) ? "/" : string.Join('/', path.Split('/').Select(s => Uri.EscapeDataString(Uri.UnescapeDataString(s))));

    private static string CanonicalQuery(IEnumerable<KeyValuePair<string, StringValues>> query) => string.Join('&', query
        .SelectMany(p => p.Value.Select(v => (Key: Uri.EscapeDataString(p.Key), Value: Uri.EscapeDataString(v ?? string.Empty))))
        .OrderBy(p => p.Key, StringComparer.Ordinal).ThenBy(p => p.Value, StringComparer.Ordinal)
        .Select(p => $"{p.Key}={p.Value}"));

    private static byte[] Hmac(byte[] key, string data) => HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(data));

    private static string Hex(byte[] bytes) => Convert.ToHexStringLower(bytes);

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhitespaceRun();
}
