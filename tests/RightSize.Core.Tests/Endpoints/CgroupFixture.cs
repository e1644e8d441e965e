using System.Diagnostics;
using RightSize.Endpoints;
using RightSize.Endpoints.Cgroups;

namespace RightSize.Core.Tests.Endpoints;

/// <summary>Starts commands in real cgroups and removes them (and what runs in them) on dispose, even when a test fails.</summary>
internal sealed class CgroupFixture : IDisposable
{
    private readonly List<EndpointCgroup> _cgroups = [];
    private readonly List<Process> _processes = [];

    /// <summary>The host's writable cgroups; where there are none, the test fails saying why rather than passing untested.</summary>
    public static CgroupHierarchy Hierarchy
    {
        get
        {
            var (hierarchy, whyNot) = CgroupHierarchy.Detect(CgroupReaper.DefaultRoot);
            return hierarchy ?? throw new InvalidOperationException($"these tests need writable cgroups (run as root on Linux): {whyNot}");
        }
    }

    public EndpointCgroup Create(string name, double vcpus, long memoryBytes, IReadOnlyList<int>? cores = null)
    {
        var hierarchy = Hierarchy;
        var limits = new CgroupLimits(vcpus, memoryBytes, cores ?? CoreAllocation.For(vcpus, hierarchy.Cores).EndpointCores);
        var (cgroup, error) = hierarchy.TryCreate(name, limits);
        Assert.True(cgroup is not null, error);
        _cgroups.Add(cgroup);
        return cgroup;
    }

    public Process StartIn(EndpointCgroup cgroup, string shellCommand)
    {
        var info = new ProcessStartInfo("/bin/sh") { ArgumentList = { "-c", shellCommand }, RedirectStandardError = true };
        var process = Process.Start(CgroupJoin.Wrap(info, cgroup))!;
        _processes.Add(process);
        return process;
    }

    public void Dispose()
    {
        foreach (var process in _processes)
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            process.Dispose();
        }

        foreach (var cgroup in _cgroups)
        {
            cgroup.Remove();
        }
    }
}
