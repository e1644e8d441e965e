using System.Diagnostics.CodeAnalysis;

namespace RightSize.Server.Security;

/// <summary>Reads a URL Kestrel listens on (<c>--urls</c>, or a bound address), wildcard hosts included.</summary>
internal static class ListenUrl
{
    /// <summary>
    /// Kestrel's wildcard hosts (<c>*</c> and <c>+</c>) are not valid URI hosts; they mean every address, read here as
    /// 0.0.0.0 so the scheme and port can be taken from the URL.
    /// </summary>
    public static bool TryParse(string url, [NotNullWhen(true)] out Uri? uri) =>
        Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal),
            UriKind.Absolute, out uri);

    public static bool IsWildcard(string url) =>
        url.Contains("://*", StringComparison.Ordinal) || url.Contains("://+", StringComparison.Ordinal);
}
