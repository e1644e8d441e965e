using System.Diagnostics;
using System.Globalization;
using RightSize.Endpoints.Cgroups;

namespace RightSize.Fleet.Tests.Infrastructure;

/// <summary>
/// Stand-in hosts: network namespaces, each with a veth pair on one bridge and its own address (10.213.0.2, .3 ...),
/// the bridge at 10.213.0.1 on the host side, and each in its own cgroup with its size's CPU quota and memory limit (the
/// product's endpoint cgroups, named for this test process, so any RightSize's next start reaps those a crashed run
/// left). Every name starts with <see cref="Prefix"/> and the run's id; leftovers of crashed runs (same prefix) are
/// removed at start, and everything this run made on dispose.
/// </summary>
internal sealed class NetnsHosts : IAsyncDisposable
{
    public const string Prefix = "rsf";
    public const string BridgeAddress = "10.213.0.1";
    private const string Iptables = "/usr/sbin/iptables";
    private readonly string _run = Prefix + Guid.NewGuid().ToString("N")[..6];
    private readonly List<string> _namespaces = [];
    private readonly List<EndpointCgroup> _cgroups = [];

    private NetnsHosts()
    {
    }

    public string Bridge => _run + "br";

    /// <summary>One host per size; null when this machine allows no network namespaces or cgroups (not root), and why.</summary>
    public static async Task<(NetnsHosts? Hosts, string? WhyNot)> CreateAsync(params HostSize[] sizes)
    {
        await ReapLeftoversAsync();
        var (hierarchy, noCgroups) = CgroupHierarchy.Detect(CgroupReaper.DefaultRoot);
        if (hierarchy is null)
        {
            return (null, noCgroups);
        }

        var hosts = new NetnsHosts();
        var (ok, error) = await TryAsync("ip", "link", "add", hosts.Bridge, "type", "bridge");
        if (!ok)
        {
            return (null, $"ip link add (bridge) is not permitted here: {error}");
        }

        await RunAsync("ip", "addr", "add", BridgeAddress + "/24", "dev", hosts.Bridge);
        await RunAsync("ip", "link", "set", hosts.Bridge, "up");
        // Docker sets iptables' FORWARD policy to DROP, and with br_netfilter bridged traffic passes FORWARD: let the
        // stand-in hosts reach each other across this bridge (this rule only; removed on dispose).
        await TryAsync([.. ForwardRule(hosts.Bridge, "-I")]);
        for (var i = 0; i < sizes.Length; i++)
        {
            var (cgroup, cgroupError) = hierarchy.TryCreate($"{hosts._run}n{i}", new CgroupLimits(sizes[i].Cores, (long)(sizes[i].MemoryGiB * 1024 * 1024 * 1024), hierarchy.Cores));
            hosts._cgroups.Add(cgroup ?? throw new InvalidOperationException(cgroupError));
            var ns = $"{hosts._run}n{i}";
            await RunAsync("ip", "netns", "add", ns);
            hosts._namespaces.Add(ns);
            await RunAsync("ip", "link", "add", $"{hosts._run}h{i}", "type", "veth", "peer", "name", $"{hosts._run}p{i}");
            await RunAsync("ip", "link", "set", $"{hosts._run}h{i}", "master", hosts.Bridge, "up");
            await RunAsync("ip", "link", "set", $"{hosts._run}p{i}", "netns", ns);
            await RunAsync("ip", "netns", "exec", ns, "ip", "addr", "add", hosts.Address(i) + "/24", "dev", $"{hosts._run}p{i}");
            await RunAsync("ip", "netns", "exec", ns, "ip", "link", "set", $"{hosts._run}p{i}", "up");
            await RunAsync("ip", "netns", "exec", ns, "ip", "link", "set", "lo", "up");
        }

        return (hosts, null);
    }

    public string Address(int host) => string.Create(CultureInfo.InvariantCulture, $"10.213.0.{host + 2}");

    /// <summary>
    /// The command prefix that runs a process inside host <paramref name="host"/>'s cgroup and network namespace: a shell
    /// joins the cgroup and execs nsenter, which execs the command, so all are one pid. nsenter rather than
    /// <c>ip netns exec</c>, which remounts /sys and so hides /sys/fs/cgroup, where the agent reads its limits.
    /// </summary>
    public string[] Exec(int host) =>
        ["/bin/sh", "-c", "for f in $RSF_PROCS; do echo $$ > \"$f\" || exit 97; done; exec \"$@\"", "sh", "env", "-u", "RSF_PROCS",
         "nsenter", "--net=/var/run/netns/" + _namespaces[host]];

    /// <summary>The environment <see cref="Exec"/> needs: the cgroup's procs files.</summary>
    public IDictionary<string, string> Environment(int host) => new Dictionary<string, string> { ["RSF_PROCS"] = string.Join(' ', _cgroups[host].ProcsFiles.Distinct()) };

    public async ValueTask DisposeAsync()
    {
        foreach (var ns in _namespaces)
        {
            await TryAsync("ip", "netns", "delete", ns);
        }

        await TryAsync("ip", "link", "delete", Bridge);
        await TryAsync([.. ForwardRule(Bridge, "-D")]);
        // Kills what still runs in them (an agent a failed test left) and removes them.
        _cgroups.ForEach(c => c.Remove());
    }

    // Without iptables there is no Docker FORWARD policy to open either: the rule is then a harmless `true`.
    private static string[] ForwardRule(string bridge, string action) => !File.Exists(Iptables) ? ["true"] :
        [Iptables, action, "FORWARD", "-i", bridge, "-o", bridge, "-j", "ACCEPT", "-m", "comment", "--comment", Prefix];

    /// <summary>Namespaces, links and cgroups of earlier runs that crashed before their cleanup (this test runs alone in its collection).</summary>
    private static async Task ReapLeftoversAsync()
    {
        // Cgroups whose test process is gone, as every RightSize start reaps them.
        CgroupReaper.ReapLeftovers();
        var (_, namespaces) = await TryAsync("ip", "netns", "list");
        foreach (var ns in namespaces.Split('\n').Select(l => l.Split(' ')[0]).Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            await TryAsync("ip", "netns", "delete", ns);
        }

        var (_, links) = await TryAsync("ip", "-o", "link", "show");
        foreach (var link in links.Split('\n').Select(l => l.Split(':')).Where(p => p.Length > 1).Select(p => p[1].Trim().Split('@')[0])
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            await TryAsync("ip", "link", "delete", link);
        }

        var (_, rules) = File.Exists(Iptables) ? await TryAsync(Iptables, "-S", "FORWARD") : (true, string.Empty);
        foreach (var rule in rules.Split('\n').Where(r => r.StartsWith("-A FORWARD -i " + Prefix, StringComparison.Ordinal)))
        {
            var bridge = rule.Split(' ')[3];
            await TryAsync([.. ForwardRule(bridge, "-D")]);
        }
    }

    private static async Task RunAsync(params string[] args)
    {
        var (ok, output) = await TryAsync(args);
        if (!ok)
        {
            throw new InvalidOperationException($"{string.Join(' ', args)}: {output}");
        }
    }

    private static async Task<(bool Ok, string Output)> TryAsync(params string[] args)
    {
        var start = new ProcessStartInfo(args[0]) { RedirectStandardOutput = true, RedirectStandardError = true };
        args.Skip(1).ToList().ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode == 0, await output + await error);
    }
}

/// <summary>A stand-in host's size: its cgroup's CPU quota (cores) and memory limit.</summary>
internal sealed record HostSize(double Cores, double MemoryGiB);
