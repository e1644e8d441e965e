using RightSize.Fleet.Nats;

namespace RightSize.Fleet.Tests.Nats;

public sealed class NatsConnectionOptionsTests
{
    [Fact]
    public void Every_mistake_is_named_at_once()
    {
        var errors = new NatsConnectionOptions
        {
            Url = "http://nats:4222",
            User = "coordinator",
            Token = "secret",
            NKeySeedFile = "/nonexistent/seed.nk",
            TlsCertFile = "/nonexistent/cert.pem",
        }.Validate();

        var paths = errors.Select(e => e.Path).ToList();
        Assert.Contains("--nats", paths);
        Assert.Contains("--nats-password", paths);
        Assert.Contains("--nats-nkey", paths);
        Assert.Contains("--nats-key", paths);
        Assert.Contains(errors, e => e.Message.Contains("one way to authenticate", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Path == "--nats-cert" && e.Message.Contains("does not exist", StringComparison.Ordinal));
    }

    [Fact]
    public void Under_load_fleet_the_url_is_named_by_that_option_and_the_credentials_by_the_nats_options_load_has()
    {
        // `rightsize load --fleet URL` takes its credentials from --nats-user, --nats-password and so on.
        var errors = new NatsConnectionOptions { Url = "http://nats:4222", User = "generator" }.Validate("--fleet");

        Assert.Equal(["--fleet", "--nats-password"], errors.Select(e => e.Path));
    }

    [Fact]
    public void A_plain_url_is_valid_and_unauthenticated_while_credentials_make_it_authenticated()
    {
        Assert.Empty(new NatsConnectionOptions { Url = "nats://10.0.0.5:4222" }.Validate());
        Assert.False(new NatsConnectionOptions { Url = "nats://10.0.0.5:4222" }.IsAuthenticated);
        Assert.True(new NatsConnectionOptions { Url = "nats://a:b@10.0.0.5:4222" }.IsAuthenticated);
        Assert.True(new NatsConnectionOptions { User = "a", Password = "b" }.IsAuthenticated);
    }

    [Fact]
    public void The_coordinator_refuses_unauthenticated_nats_off_loopback_unless_told_insecure()
    {
        var remote = new NatsConnectionOptions { Url = "nats://10.0.0.5:4222" };
        var refused = Assert.Single(remote.CheckCoordinatorSecurity(insecure: false));
        Assert.Equal("--nats", refused.Path);
        Assert.Contains("--insecure-nats", refused.Message, StringComparison.Ordinal);
        Assert.Empty(remote.CheckCoordinatorSecurity(insecure: true));
        Assert.Empty((remote with { Token = "t" }).CheckCoordinatorSecurity(insecure: false));
        Assert.Empty(new NatsConnectionOptions { Url = "nats://127.0.0.1:4222" }.CheckCoordinatorSecurity(insecure: false));
        Assert.Empty(new NatsConnectionOptions { Url = "nats://localhost:4222" }.CheckCoordinatorSecurity(insecure: false));
    }

    [Fact]
    public async Task Serve_exits_with_the_error_before_it_listens()
    {
        var run = await Infrastructure.RightSizeProcess.RunAsync("serve", "--nats", "nats://10.255.255.1:4222", "--urls", "http://127.0.0.1:0", "--dashboard-urls", "none");
        Assert.Equal(2, run.ExitCode);
        Assert.Contains("--insecure-nats", run.Output, StringComparison.Ordinal);
    }
}
