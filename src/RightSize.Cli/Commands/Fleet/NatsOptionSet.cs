using System.CommandLine;
using RightSize.Fleet.Nats;

namespace RightSize.Cli.Commands.Fleet;

/// <summary>The NATS connection options every fleet command takes; secrets may come from the environment instead, unseen by ps.</summary>
internal sealed class NatsOptionSet
{
    private readonly Option<string?> _url;
    private readonly Option<string?> _user = new("--nats-user") { Description = "The NATS user (default: RIGHTSIZE_NATS_USER)." };
    private readonly Option<string?> _password = new("--nats-password") { Description = "The NATS user's password; better RIGHTSIZE_NATS_PASSWORD, which ps does not show." };
    private readonly Option<string?> _token = new("--nats-token") { Description = "A NATS token; better RIGHTSIZE_NATS_TOKEN, which ps does not show." };
    private readonly Option<FileInfo?> _nkey = new("--nats-nkey") { Description = "A file holding the user's NKey seed." };
    private readonly Option<FileInfo?> _ca = new("--nats-ca") { Description = "The CA certificate (PEM) the NATS server's certificate must chain to." };
    private readonly Option<FileInfo?> _cert = new("--nats-cert") { Description = "A TLS client certificate (PEM) for NATS." };
    private readonly Option<FileInfo?> _key = new("--nats-key") { Description = "The TLS client certificate's key (PEM)." };
    private readonly Option<int> _wait = new("--nats-wait")
    {
        Description = $"Seconds to keep retrying the first connection to NATS, e.g. while nats-server starts (default {NatsConnectionOptions.DefaultFirstConnectWait.TotalSeconds}).",
        DefaultValueFactory = _ => (int)NatsConnectionOptions.DefaultFirstConnectWait.TotalSeconds,
    };

    /// <param name="urlDescription">What the URL option does for this command; null: the agent's meaning (required, with a loopback default).</param>
    /// <param name="urlOption">The URL option's name: <c>--nats</c>, or <c>--fleet</c> for <c>load</c>.</param>
    public NatsOptionSet(string? urlDescription = null, string urlOption = "--nats") => _url = urlDescription is null
        ? new(urlOption) { Description = $"The NATS server's URL (default {NatsConnectionOptions.DefaultUrl}).", DefaultValueFactory = _ => NatsConnectionOptions.DefaultUrl }
        : new(urlOption) { Description = urlDescription };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { _url, _user, _password, _token, _nkey, _ca, _cert, _key, _wait })
        {
            command.Options.Add(option);
        }
    }

    /// <summary>The connection options; null when --nats is optional and not given.</summary>
    public NatsConnectionOptions? Read(ParseResult parse, Func<string, string?> environment) => parse.GetValue(_url) is not { } url ? null : new()
    {
        Url = url,
        User = parse.GetValue(_user) ?? environment("RIGHTSIZE_NATS_USER"),
        Password = parse.GetValue(_password) ?? environment("RIGHTSIZE_NATS_PASSWORD"),
        Token = parse.GetValue(_token) ?? environment("RIGHTSIZE_NATS_TOKEN"),
        NKeySeedFile = parse.GetValue(_nkey)?.FullName,
        TlsCaFile = parse.GetValue(_ca)?.FullName,
        TlsCertFile = parse.GetValue(_cert)?.FullName,
        TlsKeyFile = parse.GetValue(_key)?.FullName,
        FirstConnectWait = TimeSpan.FromSeconds(parse.GetValue(_wait)),
    };
}
