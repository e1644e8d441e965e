namespace RightSize.Windows;

/// <summary>
/// The endpoint's resource use over one second, as measured: CPU in percent summed over cores (CloudWatch's convention,
/// so 2 busy cores = 200) and memory in percent of its limit. NaN where the provider could not measure. Never capped: the
/// kernel enforces a CPU quota per 100 ms period, so a one-second sample whose edges fall mid-period can read a few
/// percent over the vCPUs, and an endpoint whose limits are not enforced can read far over them.
/// </summary>
public readonly record struct ResourceSample(double CpuUtilization, double MemoryUtilization)
{
    public static ResourceSample Unmeasured { get; } = new(double.NaN, double.NaN);
}
