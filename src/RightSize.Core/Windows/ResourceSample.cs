namespace RightSize.Windows;

/// <summary>
/// The endpoint's resource use over one second: CPU in percent summed over cores (CloudWatch's convention, so 2 busy
/// cores = 200) and memory in percent of its limit. NaN where the provider cannot measure.
/// </summary>
public readonly record struct ResourceSample(double CpuUtilization, double MemoryUtilization)
{
    public static ResourceSample Unmeasured { get; } = new(double.NaN, double.NaN);

    /// <summary>
    /// Caps CPU at what the endpoint's vCPUs allow. The kernel enforces a CPU quota per 100 ms period, so a one-second
    /// sample whose edges fall mid-period can read a few percent over the limit the endpoint never exceeded.
    /// </summary>
    public ResourceSample WithinVCpus(double? vcpus) =>
        vcpus > 0 && CpuUtilization > vcpus * 100 ? this with { CpuUtilization = vcpus.Value * 100 } : this;
}

