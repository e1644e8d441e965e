using System.Net;
using Microsoft.AspNetCore.Http;

namespace RightSize.Server.Security;

/// <summary>
/// Middleware that answers only requests meant for this server, so a web page cannot reach it through DNS rebinding or a
/// cross-site form: the <c>Host</c> header (and, when a browser sends one, <c>Origin</c>) must name a bound address,
/// localhost, or a name the operator allowed. Until <see cref="Open"/> has the addresses Kestrel really bound (and the
/// bind rule has passed), every request is refused, so nothing is served from an address that is about to be rejected.
/// </summary>
internal sealed class HostFilter
{
    private readonly HashSet<string> _names;
    private volatile HashSet<string>? _addresses;
    private volatile bool _anyAddress;

    /// <param name="allowedNames">Host names the operator configured (<c>--allowed-host</c>), besides localhost and the bound addresses.</param>
    public HostFilter(IEnumerable<string> allowedNames) =>
        _names = new HashSet<string>(allowedNames.Select(n => n.Trim().TrimEnd('.')).Append("localhost"), StringComparer.OrdinalIgnoreCase);

    /// <summary>Starts answering, for the addresses Kestrel bound; a wildcard bind accepts any IP literal.</summary>
    public void Open(IEnumerable<Uri> bound)
    {
        var addresses = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var uri in bound)
        {
            if (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip))
            {
                _anyAddress |= ip.Equals(IPAddress.Any) || ip.Equals(IPAddress.IPv6Any);
                addresses.Add(ip.ToString());
            }
        }

        _addresses = addresses;
    }

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        var refusal = Refusal(context.Request);
        if (refusal is null)
        {
            await next(context);
            return;
        }

        context.Response.StatusCode = refusal.Value.Status;
        context.Response.ContentType = "application/x-amz-json-1.1";
        await context.Response.WriteAsync(refusal.Value.Json, context.RequestAborted);
    }

    private (int Status, string Json)? Refusal(HttpRequest request)
    {
        if (_addresses is null)
        {
            return Error(StatusCodes.Status503ServiceUnavailable, "ServiceUnavailable", "the server is starting; retry in a moment");
        }

        var host = request.Host.HasValue ? request.Host.Host : null;
        if (host is null || !Allowed(host))
        {
            return Error(StatusCodes.Status421MisdirectedRequest, "InvalidHostException",
                $"Host '{ValidationError.Shorten(request.Host.Value ?? string.Empty, 103)}' is not an address of this server: call it by the address it listens on, "
                + "or start serve with --allowed-host NAME");
        }

        var origin = request.Headers.Origin.ToString();
        if (origin.Length > 0 && !(Uri.TryCreate(origin, UriKind.Absolute, out var uri) && Allowed(uri.Host)))
        {
            return Error(StatusCodes.Status403Forbidden, "InvalidOriginException",
                $"Origin '{ValidationError.Shorten(origin, 103)}' is another site: browsers may not call this API from other origins");
        }

        return null;
    }

    private bool Allowed(string host)
    {
        var bare = host.Trim('[', ']').TrimEnd('.');
        if (_names.Contains(bare))
        {
            return true;
        }

        return IPAddress.TryParse(bare, out var ip) && (BindRules.IsLoopback(bare) || _anyAddress || _addresses!.Contains(ip.ToString()));
    }

    private static (int, string) Error(int status, string type, string message) =>
        (status, SageMakerJson.Serialize(new Jobs.AwsErrorResponse { Type = type, Message = message }, SageMakerJsonContext.Default.AwsErrorResponse));
}
