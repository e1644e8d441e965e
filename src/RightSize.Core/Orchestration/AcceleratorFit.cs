using System.Globalization;
using RightSize.Catalog;
using RightSize.Jobs;
using RightSize.Results;

namespace RightSize.Orchestration;

/// <summary>
/// Checks each accelerator type (ml.g*, ml.p*, ml.inf*, ml.trn*) against the host: a Docker endpoint on a host with
/// enough NVIDIA GPUs gets them; otherwise the test fails with why and the ways out, or, when the job opts in
/// (rightsize:emulate-accelerators), runs on CPU and every output marks it accelerator-emulated.
/// </summary>
internal static class AcceleratorFit
{
    public static List<TestPlan> Apply(List<TestPlan> tests, HostAccelerators host, bool runsInContainer, bool emulate) =>
        [.. tests.Select(t => t.Accelerator is not { } need || t.PlanningFailure is not null ? t : Check(t, need, host, runsInContainer, emulate))];

    private static TestPlan Check(TestPlan test, AcceleratorNeed need, HostAccelerators host, bool runsInContainer, bool emulate)
    {
        var name = test.Configuration.InstanceType!;
        var gpus = need.Kind == AcceleratorKind.NvidiaGpu;
        if (gpus && runsInContainer && host.NvidiaGpus >= need.Count)
        {
            return test with
            {
                Gpus = need.Count,
                Caveats = [.. test.Caveats, new Caveat(CaveatKind.Note, Invariant($"{name}'s {need.Describe()} given to the container by a Docker device request (this host has {host.NvidiaGpus})"))],
            };
        }

        var why = WhyNot(need, host, runsInContainer);
        if (emulate)
        {
            return test with
            {
                Caveats =
                [
                    .. test.Caveats,
                    new Caveat(CaveatKind.AcceleratorEmulated, Invariant(
                        $"{name} has {need.Describe()} but {why}, so it ran on CPU only ({RightSizeTags.EmulateAccelerators}): its numbers are not the accelerator's, and its price is the accelerator type's")),
                ],
            };
        }

        return test with
        {
            PlanningFailure = Invariant(
                $"{name} is an accelerator type ({need.Describe()}) but {why}: it would run on CPU at the accelerator type's price. Run it on a host with {Device(need.Kind)} (a Docker image for GPUs), choose a CPU type, or tag the job {RightSizeTags.EmulateAccelerators} = true to run it on CPU, marked as emulated"),
        };
    }

    private static string WhyNot(AcceleratorNeed need, HostAccelerators host, bool runsInContainer) => need.Kind switch
    {
        AcceleratorKind.NvidiaGpu when host.NvidiaGpus == 0 => "this host has no NVIDIA GPU (nvidia-smi is not installed or lists none)",
        AcceleratorKind.NvidiaGpu when host.NvidiaGpus < need.Count => Invariant($"this host has only {host.NvidiaGpus} NVIDIA GPU(s)"),
        AcceleratorKind.NvidiaGpu when !runsInContainer => "the model runs as a local process (a builtin: image or process), which RightSize gives no GPU; only Docker images get GPUs",
        AcceleratorKind.Gaudi => "RightSize does not give Habana Gaudi accelerators to endpoints",
        _ when host.NeuronDevices == 0 => "this host has no AWS Neuron device (/dev/neuron*)",
        _ => "RightSize does not give Neuron devices to endpoints",
    };

    private static string Device(AcceleratorKind kind) => kind switch
    {
        AcceleratorKind.NvidiaGpu => "enough NVIDIA GPUs, their driver and the NVIDIA Container Toolkit",
        AcceleratorKind.Gaudi => "Habana Gaudi accelerators (outside RightSize: test it there as an existing endpoint)",
        _ => "AWS Neuron devices",
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
