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
            var host = ListenUrl.TryParse(url, out var uri) && uri.Scheme is "http" or "https" ? uri.Host : null;
            if (host is null)
            {
                errors.Add(new("--urls", $"'{url}' is not an http:// or https:// URL such as {ServerOptions.DefaultUrl}"));
            }
            else if (IPAddress.TryParse(host.Trim('[', ']'), out var ip) && ip.IsIPv4MappedToIPv6)
            {
                errors.Add(new("--urls", $"'{url}' is an IPv4-mapped IPv6 address, which sockets cannot bind: use http://{ip.MapToIPv4()}:{uri!.Port}"));
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

    /// <summary>
    /// The rule again on the addresses Kestrel really bound, after every configuration source (appsettings.json,
    /// <c>Kestrel__Endpoints__*</c>, <c>ASPNETCORE_URLS</c>) had its say: nothing may slip past <see cref="Check"/>.
    /// </summary>
    public static IReadOnlyList<ValidationError> CheckBound(IEnumerable<string> bound, bool authenticationConfigured) =>
        authenticationConfigured ? [] : [.. bound
            .Where(address => !(Uri.TryCreate(address, UriKind.Absolute, out var uri) && IsLoopback(uri.Host)))
            .Select(address => new ValidationError("--urls", $"the server bound '{address}' (from the configuration: appsettings.json in the working "
                + "directory, or Kestrel__Endpoints__*, ASPNETCORE_URLS in the environment), which is not a loopback address: remove that setting, or "
                + "configure authentication (--auth-keys FILE) so that only signed requests are served"))];

    public static bool IsLoopback(string host)
    {
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        if (!IPAddress.TryParse(host.Trim('[', ']'), out var address))
        {
            return false;
        }

        return IPAddress.IsLoopback(address);
    }
}
