using Microsoft.Extensions.Logging;
using NATS.Client.Core;

namespace RightSize.Fleet.Nats;

/// <summary>
/// How an agent or the coordinator reaches NATS: the URL and at most one way to authenticate (user and password, a
/// token, or an NKey seed file), plus TLS files. <see cref="Validate"/> names every mistake at once.
/// </summary>
public sealed record NatsConnectionOptions
{
    public const string DefaultUrl = "nats://127.0.0.1:4222";

    /// <summary><see cref="FirstConnectWait"/> unless told otherwise: long enough for a NATS started alongside (a pod, a unit).</summary>
    public static readonly TimeSpan DefaultFirstConnectWait = TimeSpan.FromSeconds(30);

    public string Url { get; init; } = DefaultUrl;

    public string? User { get; init; }

    public string? Password { get; init; }

    public string? Token { get; init; }

    /// <summary>A file holding the user's NKey seed (<c>SU...</c>), as <c>nsc</c> or <c>nk -gen user</c> write it.</summary>
    public string? NKeySeedFile { get; init; }

    public string? TlsCaFile { get; init; }

    public string? TlsCertFile { get; init; }

    public string? TlsKeyFile { get; init; }

    /// <summary>How long the first connect is retried (<c>--nats-wait</c>), so an agent or a server may start before NATS.</summary>
    public TimeSpan FirstConnectWait { get; init; } = DefaultFirstConnectWait;

    /// <summary>The name this connection shows in the server's monitoring (e.g. <c>rightsize-agent gpu-1</c>).</summary>
    public string ClientName { get; init; } = "rightsize";

    /// <summary>Whether the connection proves who it is (credentials here or in the URL), so the server can tell coordinators from agents.</summary>
    public bool IsAuthenticated =>
        User is not null || Token is not null || NKeySeedFile is not null || TlsCertFile is not null
        || (Uri.TryCreate(Url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0);

    /// <summary>Every mistake at once, named by its command-line option.</summary>
    /// <param name="urlOption">The option that gave the URL (<c>load</c> calls it --fleet); credentials are always --nats-*.</param>
    public IReadOnlyList<ValidationError> Validate(string urlOption = "--nats")
    {
        var errors = new List<ValidationError>();
        if (!Uri.TryCreate(Url, UriKind.Absolute, out var uri) || uri.Scheme is not ("nats" or "tls" or "ws" or "wss") || uri.Host.Length == 0)
        {
            errors.Add(new(urlOption, $"'{ValidationError.Shorten(Url)}' is not a NATS URL; give nats://host:4222 (or tls://, ws://, wss://)."));
        }

        if (User is not null && Password is null)
        {
            errors.Add(new("--nats-password", "a NATS user needs its password (--nats-password or RIGHTSIZE_NATS_PASSWORD)."));
        }

        if (Password is not null && User is null)
        {
            errors.Add(new("--nats-user", "a NATS password needs its user; add --nats-user."));
        }

        var methods = new[] { User is not null, Token is not null, NKeySeedFile is not null }.Count(m => m);
        if (methods > 1)
        {
            errors.Add(new("--nats-user", "give one way to authenticate: a user and password, a token, or an NKey seed file, not several."));
        }

        if (FirstConnectWait < TimeSpan.Zero || FirstConnectWait > TimeSpan.FromHours(1))
        {
            errors.Add(new("--nats-wait", "give between 0 and 3600 seconds."));
        }

        RequireFile(errors, "--nats-nkey", NKeySeedFile);
        RequireFile(errors, "--nats-ca", TlsCaFile);
        RequireFile(errors, "--nats-cert", TlsCertFile);
        RequireFile(errors, "--nats-key", TlsKeyFile);
        if ((TlsCertFile is null) != (TlsKeyFile is null))
        {
            errors.Add(new(TlsCertFile is null ? "--nats-cert" : "--nats-key", "a TLS client certificate needs both --nats-cert and --nats-key."));
        }

        return errors;
    }

    /// <summary>
    /// The coordinator's rule: NATS on another host without credentials lets anyone who reaches it register agents and
    /// (without server permissions) send work, so it is refused unless the operator says <paramref name="insecure"/>.
    /// </summary>
    public IReadOnlyList<ValidationError> CheckCoordinatorSecurity(bool insecure) =>
        insecure || IsAuthenticated || !Uri.TryCreate(Url, UriKind.Absolute, out var uri) || IsLoopback(uri.Host)
            ? []
            : [new ValidationError("--nats", $"NATS at {uri.Host} is not on loopback and no credentials are given: anyone who reaches it could pose as an agent. Give --nats-user (with RIGHTSIZE_NATS_PASSWORD), --nats-token, --nats-nkey or --nats-cert, or accept the risk with --insecure-nats.")];

    private static bool IsLoopback(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || (System.Net.IPAddress.TryParse(host.Trim('[', ']'), out var ip) && System.Net.IPAddress.IsLoopback(ip));

    /// <summary>
    /// The client's options; call only after <see cref="Validate"/> found nothing. The client logs its warnings and
    /// errors to <paramref name="loggers"/> (categories starting with <c>NATS</c>): the cause of a failed connect, e.g.
    /// the socket's "Connection refused", goes only there, not into the exception it throws.
    /// </summary>
    public NatsOpts ToNatsOpts(ILoggerFactory loggers) => NatsOpts.Default with
    {
        Url = Url,
        Name = ClientName,
        LoggerFactory = new NatsClientLoggers(loggers),
        // The client's 2 s default fails a first connect on a busy host (seen with 40 runnable threads on 2 cores).
        ConnectTimeout = TimeSpan.FromSeconds(10),
        AuthOpts = NatsAuthOpts.Default with { Username = User, Password = Password, Token = Token, NKeyFile = NKeySeedFile },
        TlsOpts = TlsCaFile is null && TlsCertFile is null
            ? NatsTlsOpts.Default
            : NatsTlsOpts.Default with { CaFile = TlsCaFile, CertFile = TlsCertFile, KeyFile = TlsKeyFile, Mode = TlsMode.Require },
    };

    /// <summary>A NATS failure with its causes (the client's "can not start to connect" hides e.g. the server's "Authorization Violation").</summary>
    public static string Describe(Exception e)
    {
        ArgumentNullException.ThrowIfNull(e);
        var messages = new List<string>();
        for (Exception? cause = e; cause is not null; cause = cause.InnerException)
        {
            if (!messages.Contains(cause.Message))
            {
                messages.Add(cause.Message);
            }
        }

        return string.Join(": ", messages);
    }

    private static void RequireFile(List<ValidationError> errors, string path, string? file)
    {
        if (file is not null && !File.Exists(file))
        {
            errors.Add(new(path, $"'{ValidationError.Shorten(file)}' does not exist; give the path of a readable file."));
        }
    }
}
