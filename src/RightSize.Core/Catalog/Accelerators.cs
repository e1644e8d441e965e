using System.Text.RegularExpressions;

namespace RightSize.Catalog;

/// <summary>The accelerator families of SageMaker's instance types.</summary>
public enum AcceleratorKind
{
    /// <summary>ml.g* and ml.p* types, and any workspace type with Gpus.</summary>
    NvidiaGpu,

    /// <summary>ml.inf* types: AWS Inferentia chips (Neuron devices).</summary>
    Inferentia,

    /// <summary>ml.trn* types: AWS Trainium chips (Neuron devices).</summary>
    Trainium,

    /// <summary>ml.dl1 types: Habana Gaudi accelerators.</summary>
    Gaudi,
}

/// <summary>The accelerators an instance type comes with: their family and how many.</summary>
public sealed record AcceleratorNeed(AcceleratorKind Kind, int Count)
{
    public string Describe() => Kind switch
    {
        AcceleratorKind.NvidiaGpu => Count == 1 ? "1 NVIDIA GPU" : $"{Count} NVIDIA GPUs",
        AcceleratorKind.Inferentia => Count == 1 ? "an AWS Inferentia chip" : $"{Count} AWS Inferentia chips",
        AcceleratorKind.Gaudi => Count == 1 ? "a Habana Gaudi accelerator" : $"{Count} Habana Gaudi accelerators",
        _ => Count == 1 ? "an AWS Trainium chip" : $"{Count} AWS Trainium chips",
    };
}

/// <summary>Which instance types are accelerator types: by SageMaker's family prefix, or by a Gpus count.</summary>
public static partial class Accelerators
{
    /// <summary>The type's accelerators; null for a CPU type.</summary>
    public static AcceleratorNeed? Of(InstanceType type)
    {
        ArgumentNullException.ThrowIfNull(type);
        var count = Math.Max(1, type.Gpus);
        return type.Name switch
        {
            _ when GpuFamily().IsMatch(type.Name) => new AcceleratorNeed(AcceleratorKind.NvidiaGpu, count),
            _ when type.Name.StartsWith("ml.inf", StringComparison.Ordinal) => new AcceleratorNeed(AcceleratorKind.Inferentia, count),
            _ when type.Name.StartsWith("ml.trn", StringComparison.Ordinal) => new AcceleratorNeed(AcceleratorKind.Trainium, count),
            _ when type.Name.StartsWith("ml.dl1", StringComparison.Ordinal) => new AcceleratorNeed(AcceleratorKind.Gaudi, count),
            _ when type.Gpus > 0 => new AcceleratorNeed(AcceleratorKind.NvidiaGpu, type.Gpus),
            _ => null,
        };
    }

    // ml.g4dn, ml.g5, ml.g6, ml.g6e, ml.p3, ml.p4d, ml.p5 ...: a g or p followed by the generation's digit.
    [GeneratedRegex(@"^ml\.[gp][0-9]")]
    private static partial Regex GpuFamily();
}
