using RightSize.Cli.Tests.Infrastructure;
using RightSize.Endpoints;

namespace RightSize.Cli.Tests.Endpoints;

[Collection(TimingSensitive.Name)]
public sealed class LocalEndpointLifecycleTests
{
    [Fact]
    public async Task An_endpoint_runs_in_its_cgroup_is_measured_from_it_and_leaves_nothing_behind()
    {
        using var endpoints = new LocalEndpoints();
        var provisioning = await endpoints.Provider.ProvisionAsync(LocalEndpoints.Synthetic("lifecycle", vcpus: 0.5, memoryGiB: 1), CancellationToken.None);
        var endpoint = provisioning.Endpoint ?? throw new InvalidOperationException(provisioning.FailureReason);
        string cgroup;
        IReadOnlyList<int> pids;
        await using (endpoint)
        {
            cgroup = LocalEndpoints.CgroupNameOf(endpoint);
            pids = LocalEndpoints.PidsIn(cgroup);
            Assert.NotEmpty(pids);
            Assert.True(endpoint.ModelSetupTime > TimeSpan.Zero);
            Assert.Contains(endpoint.Caveats, w => w.Detail.Contains("CPU quota 0.5 vCPU", StringComparison.Ordinal));
            Assert.Single(Directory.GetFiles(endpoints.StateDirectory, "*.pid"));
            // No .NET diagnostic socket, which a killed endpoint would leave in $TMPDIR.
            Assert.All(pids, pid => Assert.Empty(Directory.GetFiles(Path.GetTempPath(), $"dotnet-diagnostic-{pid}-*")));

            using var payload = new StringContent("1,2,3", System.Text.Encoding.UTF8, "text/csv");
            (await endpoints.Http.PostAsync(endpoint.InvocationsUrl, payload)).EnsureSuccessStatusCode();
            var sample = endpoint.SampleResources();
            Assert.InRange(sample.MemoryUtilization, 0.1, 100);
            Assert.False(double.IsNaN(sample.CpuUtilization));
        }

        Assert.All(LocalEndpoints.CgroupDirectories(cgroup), d => Assert.False(Directory.Exists(d), d));
        Assert.All(pids, pid => Assert.False(LocalEndpoints.IsRunning(pid), $"pid {pid}"));
        Assert.Empty(Directory.GetFiles(endpoints.StateDirectory, "*.pid"));
    }

    [Fact]
    public async Task A_usage_read_that_fails_is_not_measured_and_never_the_previous_sample()
    {
        // Without cgroups the endpoint is measured from /proc, where a read fails once its process is gone.
        using var endpoints = new LocalEndpoints(cgroupRoot: null);
        var provisioning = await endpoints.Provider.ProvisionAsync(LocalEndpoints.Synthetic("unmeasured"), CancellationToken.None);
        await using var endpoint = provisioning.Endpoint ?? throw new InvalidOperationException(provisioning.FailureReason);
        using (var payload = new StringContent("1,2,3", System.Text.Encoding.UTF8, "text/csv"))
        {
            (await endpoints.Http.PostAsync(endpoint.InvocationsUrl, payload)).EnsureSuccessStatusCode();
        }

        var measured = endpoint.SampleResources();
        var pid = int.Parse(Path.GetFileNameWithoutExtension(Assert.Single(Directory.GetFiles(endpoints.StateDirectory, "*.pid"))), System.Globalization.CultureInfo.InvariantCulture);
        using (var process = System.Diagnostics.Process.GetProcessById(pid))
        {
            process.Kill(entireProcessTree: true);
        }

        await Poll.UntilAsync(() => !LocalEndpoints.IsRunning(pid) && !Directory.Exists($"/proc/{pid}"), TimeSpan.FromSeconds(10), "the endpoint's process gone");
        var failed = endpoint.SampleResources();

        Assert.False(double.IsNaN(measured.CpuUtilization) || double.IsNaN(measured.MemoryUtilization), $"{measured}");
        Assert.True(double.IsNaN(failed.CpuUtilization), $"CPU {failed.CpuUtilization} after the read failed");
        Assert.True(double.IsNaN(failed.MemoryUtilization), $"memory {failed.MemoryUtilization} after the read failed");
    }

    [Fact]
    public async Task An_endpoint_that_exits_at_start_fails_with_its_exit_code_and_last_log_lines()
    {
        using var endpoints = new LocalEndpoints();

        var provisioning = await endpoints.Provider.ProvisionAsync(
            LocalEndpoints.Command("exits", "echo loading the model; echo 'model file is corrupt' >&2; exit 3"), CancellationToken.None);

        Assert.Null(provisioning.Endpoint);
        Assert.Contains("did not start", provisioning.FailureReason, StringComparison.Ordinal);
        Assert.Contains("exit code 3", provisioning.FailureReason, StringComparison.Ordinal);
        Assert.Contains("loading the model", provisioning.FailureReason, StringComparison.Ordinal);
        Assert.Contains("model file is corrupt", provisioning.FailureReason, StringComparison.Ordinal);
        Assert.Empty(LocalEndpoints.CgroupsOwnedBy(Environment.ProcessId));
    }

    [Fact]
    public async Task An_endpoint_that_never_becomes_healthy_fails_at_the_setup_deadline()
    {
        using var endpoints = new LocalEndpoints();

        var provisioning = await endpoints.Provider.ProvisionAsync(
            LocalEndpoints.Command("silent", "echo warming up; sleep 60", TimeSpan.FromSeconds(2)), CancellationToken.None);

        Assert.Null(provisioning.Endpoint);
        Assert.Contains("not healthy within 2 s", provisioning.FailureReason, StringComparison.Ordinal);
        Assert.Contains("warming up", provisioning.FailureReason, StringComparison.Ordinal);
        Assert.Empty(LocalEndpoints.CgroupsOwnedBy(Environment.ProcessId));
    }

    [Fact]
    public async Task An_endpoint_that_dies_mid_test_reports_its_last_log_lines()
    {
        using var endpoints = new LocalEndpoints();
        var server = Path.Combine(AppContext.BaseDirectory, "RightSize.ModelServer");
        // The worker crashes when the test says so (a file appears), after the endpoint is up: a fixed sleep could end
        // before a busy host had the model server healthy.
        var crash = Path.Combine(Path.GetTempPath(), $"rightsize-crash-{Guid.NewGuid():N}");
        var command = $"\"{server}\" serve --synthetic --slots 2 --service-time-ms 5 --port $SAGEMAKER_BIND_TO_PORT & pid=$!; "
            + $"while [ ! -e '{crash}' ]; do sleep 0.1; done; echo 'worker crashed: out of luck' >&2; kill -9 $pid; exit 2";

        var provisioning = await endpoints.Provider.ProvisionAsync(LocalEndpoints.Command("dies", command), CancellationToken.None);
        var endpoint = provisioning.Endpoint ?? throw new InvalidOperationException(provisioning.FailureReason);
        await using (endpoint)
        {
            Assert.Null(endpoint.FailureReason);
            await File.WriteAllTextAsync(crash, string.Empty);
            await Poll.UntilAsync(() => endpoint.FailureReason is not null, TimeSpan.FromSeconds(20), "the endpoint to die");

            Assert.Contains("exited during the test", endpoint.FailureReason, StringComparison.Ordinal);
            Assert.Contains("worker crashed: out of luck", endpoint.FailureReason, StringComparison.Ordinal);
        }

        File.Delete(crash);
    }
}
