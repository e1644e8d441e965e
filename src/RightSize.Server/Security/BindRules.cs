using System.Net;
using RightSize.Jobs;

namespace RightSize.Server.Security;

/// <summary>The server binds loopback addresses unless authentication is configured: anything else is refused at start.</summary>
internal static class BindRules
{
    public static IReadOnlyList<ValidationError> Check(string urls, bool authenticationConfigured)
    {
        var errors = new List<ValidationError>();
        foreach (var url in urls.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            // Kestrel's wildcards (*, +) are not valid URI hosts; they mean every address.
            var host = Uri.TryCreate(url.Replace("://*", "://0.0.0.0", StringComparison.Ordinal).Replace("://+", "://0.0.0.0", StringComparison.Ordinal),
                UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri.Host : null;
            if (host is null)
            {
                errors.Add(new("--urls", $"'{url}' is not an http:// or https:// URL such as {ServerOptions.DefaultUrl}"));
            }
            else if (!IsLoopback(host) && !authenticationConfigured)
            {
                errors.Add(new("--urls", $"'{url}' is not a loopback address: binding it needs authentication (--auth-keys FILE, or "
                    + "RIGHTSIZE_ACCESS_KEY_ID and RIGHTSIZE_SECRET_ACCESS_KEY), so that only signed requests are served"));
            }
        }

        if (errors.Count == 0 && urls.Split(';', StringSplitOptions.RemoveEmptyEntries).Length == 0)
        {
            errors.Add(new("--urls", "no URL given"));
        }

        return errors;
    }

    private static bool IsLoopback(string host) =>
        host == "localhost" || (IPAddress.TryParse(host.Trim('[', ']'), out var address) && IPAddress.IsLoopback(address));
}
