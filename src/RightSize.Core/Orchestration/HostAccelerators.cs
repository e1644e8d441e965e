using System.Diagnostics;

namespace RightSize.Orchestration;

/// <summary>
/// The accelerators this host has: NVIDIA GPUs as <c>nvidia-smi -L</c> lists them (none when it is not installed) and
/// AWS Neuron devices (Inferentia, Trainium) as <c>/dev/neuron*</c>.
/// </summary>
public sealed record HostAccelerators(int NvidiaGpus, int NeuronDevices)
{
    public static HostAccelerators None { get; } = new(0, 0);

    public static HostAccelerators Detect() => new(CountNvidiaGpus(), CountNeuronDevices());

    private static int CountNvidiaGpus()
    {
        var smi = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "nvidia-smi")).FirstOrDefault(File.Exists);
        if (smi is null)
        {
            return 0;
        }

        try
        {
            using var process = Process.Start(new ProcessStartInfo(smi, "-L") { RedirectStandardOutput = true, RedirectStandardError = true })!;
            var output = process.StandardOutput.ReadToEndAsync();
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill();
                return 0;
            }

            // One line per GPU: "GPU 0: Tesla T4 (UUID: GPU-...)".
            return process.ExitCode == 0 ? output.Result.Split('\n').Count(l => l.StartsWith("GPU ", StringComparison.Ordinal)) : 0;
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            return 0;
        }
    }

    private static int CountNeuronDevices() =>
        Directory.Exists("/dev") ? Directory.EnumerateFileSystemEntries("/dev", "neuron*").Count() : 0;
}
