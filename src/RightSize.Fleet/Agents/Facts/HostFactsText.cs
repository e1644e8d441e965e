using System.Globalization;

namespace RightSize.Fleet.Agents.Facts;

/// <summary>Host facts as one line for results and steps.</summary>
public static class HostFactsText
{
    public static string Describe(this HostFacts facts)
    {
        var parts = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"{facts.Cores} cores"),
            string.Create(CultureInfo.InvariantCulture, $"{facts.MemoryBytes / (1024.0 * 1024 * 1024):0.#} GiB"),
        };
        if (facts.CgroupCpuLimit is { } cpu)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"cgroup CPU limit {cpu} cores"));
        }

        if (facts.CgroupMemoryLimitBytes is { } memory)
        {
            parts.Add(string.Create(CultureInfo.InvariantCulture, $"cgroup memory limit {memory / (1024.0 * 1024 * 1024):0.#} GiB"));
        }

        parts.AddRange(facts.Gpus.GroupBy(g => g.Name).Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()}x {g.Key} ({g.First().MemoryMiB} MiB)")));
        if (facts.DmiVendor is { } vendor)
        {
            parts.Add(facts.DmiInstanceType is { } type ? $"{vendor} {type}" : vendor);
        }

        return string.Join(", ", parts);
    }
}
