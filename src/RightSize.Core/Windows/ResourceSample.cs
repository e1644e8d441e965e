namespace RightSize.Windows;

/// <summary>
/// The endpoint's resource use over one second: CPU in percent summed over cores (CloudWatch's convention, so 2 busy
/// cores = 200) and memory in percent of its limit. NaN where the provider cannot measure.
/// </summary>
public readonly record struct ResourceSample(double CpuUtilization, double MemoryUtilization)
{
    public static ResourceSample Unmeasured { get; } = new(double.NaN, double.NaN);
}
