using System.Diagnostics;
using System.Globalization;

namespace RightSize.Fleet.Agents.Facts;

/// <summary>The host's NVIDIA GPUs, from <c>nvidia-smi</c> when it is on PATH.</summary>
internal static class NvidiaSmi
{
    public const string Arguments = "--query-gpu=name,memory.total,driver_version --format=csv,noheader,nounits";

    public static IReadOnlyList<GpuFact> Query()
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo("nvidia-smi", Arguments) { RedirectStandardOutput = true, RedirectStandardError = true });
            if (process is null)
            {
                return [];
            }

            var output = process.StandardOutput.ReadToEnd();
            return process.WaitForExit(TimeSpan.FromSeconds(10)) && process.ExitCode == 0 ? Parse(output) : [];
        }
        catch (System.ComponentModel.Win32Exception)
        {
            // No nvidia-smi: no NVIDIA GPUs (or no driver to use them).
            return [];
        }
    }

    /// <summary>One GPU a line: "NVIDIA A10G, 23028, 535.104.05" (name, MiB, driver).</summary>
    internal static IReadOnlyList<GpuFact> Parse(string output) =>
        [.. output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => line.Split(',', StringSplitOptions.TrimEntries))
            .Where(f => f.Length >= 2 && long.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out _))
            .Select(f => new GpuFact(f[0], long.Parse(f[1], CultureInfo.InvariantCulture), f.Length > 2 && f[2].Length > 0 ? f[2] : null))];
}
