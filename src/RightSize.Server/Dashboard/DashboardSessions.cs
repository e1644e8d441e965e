using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using RightSize.Server.Security;

namespace RightSize.Server.Dashboard;

/// <summary>
/// Browser sessions. With access keys configured, a key id and its secret sign in (compared in constant time) and get a
/// random session id in an HttpOnly, SameSite=Strict cookie; without keys (loopback only) every caller is signed in.
/// Each session (or, without keys, the server) has a CSRF token that writes must echo in <see cref="CsrfHeader"/>:
/// another site can neither read it nor send that header without a CORS preflight this server never grants.
/// Sessions live in memory: a restart signs everyone out.
/// </summary>
internal sealed partial class DashboardSessions
{
    public const string CookieName = "rightsize-session";
    public const string CsrfHeader = "X-RightSize-Csrf";
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    private readonly Dictionary<string, byte[]> _secrets;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, Session> _sessions = new(StringComparer.Ordinal);
    private readonly Session _open;

    public DashboardSessions(IReadOnlyList<AccessKey> keys, TimeProvider time, ILogger logger)
    {
        _secrets = keys.GroupBy(k => k.AccessKeyId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => Encoding.UTF8.GetBytes(g.Last().SecretAccessKey), StringComparer.Ordinal);
        _time = time;
        _logger = logger;
        _open = new Session(null, NewToken(), DateTimeOffset.MaxValue);
    }

    public bool AuthRequired => _secrets.Count > 0;

    /// <summary>The caller's session: from its cookie, or the open one when no keys are configured; null when signed out.</summary>
    public Session? Current(HttpContext context)
    {
        if (!AuthRequired)
        {
            return _open;
        }

        if (context.Request.Cookies[CookieName] is { Length: > 0 } id && _sessions.TryGetValue(id, out var session))
        {
            if (session.Expires > _time.GetUtcNow())
            {
                return session;
            }

            _sessions.TryRemove(id, out _);
        }

        return null;
    }

    /// <summary>A write must carry the session's CSRF token in its header.</summary>
    public static bool CsrfMatches(HttpContext context, Session session) =>
        context.Request.Headers[CsrfHeader].ToString() is { Length: > 0 } sent
        && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(sent), Encoding.ASCII.GetBytes(session.Csrf));

    /// <summary>Signs in with a key pair and sets the cookie; null when the pair is not configured.</summary>
    public Session? SignIn(HttpContext context, string? accessKeyId, string? secretAccessKey)
    {
        if (accessKeyId is null || secretAccessKey is null || !_secrets.TryGetValue(accessKeyId, out var secret)
            || !CryptographicOperations.FixedTimeEquals(secret, Encoding.UTF8.GetBytes(secretAccessKey)))
        {
            LogRefused(_logger, ValidationError.Shorten(accessKeyId ?? string.Empty, 40));
            return null;
        }

        var now = _time.GetUtcNow();
        foreach (var stale in _sessions.Where(s => s.Value.Expires <= now).Select(s => s.Key).ToList())
        {
            _sessions.TryRemove(stale, out _);
        }

        var id = NewToken();
        var session = new Session(accessKeyId, NewToken(), now + Lifetime);
        _sessions[id] = session;
        context.Response.Cookies.Append(CookieName, id, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
            MaxAge = Lifetime,
        });
        return session;
    }

    public void SignOut(HttpContext context)
    {
        if (context.Request.Cookies[CookieName] is { } id)
        {
            _sessions.TryRemove(id, out _);
        }

        context.Response.Cookies.Delete(CookieName, new CookieOptions { HttpOnly = true, SameSite = SameSiteMode.Strict, Path = "/" });
    }

    private static string NewToken() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    [LoggerMessage(Level = LogLevel.Warning, Message = "dashboard sign-in refused for access key id '{AccessKeyId}'")]
    private static partial void LogRefused(ILogger logger, string accessKeyId);

    /// <summary>A signed-in browser: its key id (null without keys), its CSRF token and when it expires.</summary>
    internal sealed record Session(string? AccessKeyId, string Csrf, DateTimeOffset Expires);
}
