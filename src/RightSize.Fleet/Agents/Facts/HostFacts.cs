namespace RightSize.Fleet.Agents.Facts;

/// <summary>
/// What an agent's host is: its cores and memory, the limits of the cgroup the agent runs in (a container's), its
/// NVIDIA GPUs, and the cloud instance type the firmware (DMI) names. Results of tests on the agent carry these.
/// </summary>
public sealed record HostFacts
{
    public required int Cores { get; init; }

    public required long MemoryBytes { get; init; }

    /// <summary>The agent's cgroup CPU quota in cores (cpu.max), when one is set.</summary>
    public double? CgroupCpuLimit { get; init; }

    /// <summary>The agent's cgroup memory limit (memory.max), when one is set.</summary>
    public long? CgroupMemoryLimitBytes { get; init; }

    public IReadOnlyList<GpuFact> Gpus { get; init; } = [];

    /// <summary>The instance type the cloud's firmware reports (e.g. <c>m5.xlarge</c> from /sys/class/dmi/id), when it does.</summary>
    public string? DmiInstanceType { get; init; }

    /// <summary>The hardware vendor DMI names (e.g. <c>Amazon EC2</c>), when it does.</summary>
    public string? DmiVendor { get; init; }
}

/// <summary>One GPU as nvidia-smi lists it.</summary>
public sealed record GpuFact(string Name, long MemoryMiB, string? DriverVersion);
