namespace RightSize.Catalog;

/// <summary>
/// The built-in catalog: every type of botocore's ProductionVariantInstanceType enum with AWS's published vCPU, memory
/// and accelerator figures (<see cref="SageMakerInstanceSpecs"/>, generated). Prices are on-demand real-time inference,
/// USD per hour, where a source exists (NaN elsewhere: cost not available); only the four from AWS documentation examples
/// are marked verified. Each source names where the figure
/// comes from and the page to check it against. See docs/instance-catalog.md.
/// </summary>
internal static class BuiltInInstanceTypes
{
    /// <summary>When the figures below were recorded into the catalog.</summary>
    private static readonly DateOnly Recorded = new(2026, 11, 22);

    /// <summary>When ml.r5.xlarge and ml.inf1.xlarge were re-checked (issue #10).</summary>
    private static readonly DateOnly Rechecked = new(2026, 12, 1);

    private const string PricingPage = "https://aws.amazon.com/sagemaker/pricing/ (Real-Time Inference, us-east-1)";
    private const string AwsDocs = "AWS documentation examples (SageMaker Inference Recommender)";
    private const string ThirdParty = "third-party SageMaker price tables; unverified against " + PricingPage;
    private const string Recalled = "best-known public figure; unverified against " + PricingPage + "; override in rightsize.json";
    private const string R5Pattern = "r5 family pattern (ml.r5.large 0.151 x 2, ml.r5.2xlarge 0.605 / 2; third-party tables' 0.311 breaks it); "
        + "unverified against " + PricingPage;
    private const string Inf1Tables = "third-party SageMaker price tables (0.362 and 0.368; 0.228 is EC2's inf1.xlarge); unverified against "
        + PricingPage;

    /// <summary>Local profiles are priced as ml.c5 per vCPU (ml.c5.large: 0.102 USD for 2 vCPUs), with 2 GiB per vCPU like ml.c5.</summary>
    internal const double LocalPricePerVCpu = 0.051;

    /// <summary>Where no price source is recorded: the price is NaN (not available) until the workspace adds one.</summary>
    internal const string NoPrice = "no price source recorded; add the type with its PricePerHour to the workspace's InstanceTypes";

    /// <summary>Prices with their sources; each type's hardware comes from <see cref="SageMakerInstanceSpecs"/>.</summary>
    private static readonly InstanceType[] Priced =
    [
        Aws("ml.t2.medium", 0.056, Recalled),
        Aws("ml.t2.large", 0.111, Recalled),
        Aws("ml.t2.xlarge", 0.223, Recalled),
        Aws("ml.t2.2xlarge", 0.445, Recalled),
        Aws("ml.m5.large", 0.115, AwsDocs, verified: true),
        Aws("ml.m5.xlarge", 0.23, ThirdParty),
        Aws("ml.m5.2xlarge", 0.461, Recalled),
        Aws("ml.m5.4xlarge", 0.922, Recalled),
        Aws("ml.c5.large", 0.102, ThirdParty),
        Aws("ml.c5.xlarge", 0.204, AwsDocs, verified: true),
        Aws("ml.c5.2xlarge", 0.408, ThirdParty),
        Aws("ml.c5.4xlarge", 0.816, Recalled),
        Aws("ml.c5d.large", 0.115, AwsDocs, verified: true),
        Aws("ml.c5d.xlarge", 0.23, AwsDocs, verified: true),
        Aws("ml.r5.large", 0.151, Recalled),
        Aws("ml.r5.xlarge", 0.302, R5Pattern, date: Rechecked),
        Aws("ml.r5.2xlarge", 0.605, Recalled),
        Aws("ml.g4dn.xlarge", 0.7364, ThirdParty),
        Aws("ml.g5.xlarge", 1.408, ThirdParty),
        Aws("ml.inf1.xlarge", 0.368, Inf1Tables, date: Rechecked),
        Aws("ml.c6i.large", 0.102, Recalled),
        Aws("ml.c6i.xlarge", 0.204, Recalled),
        Aws("ml.m6i.large", 0.115, Recalled),
        Aws("ml.m6i.xlarge", 0.23, Recalled),
    ];

    /// <summary>Every SageMaker hosting type (priced where a source exists, else NaN), then the local profiles.</summary>
    public static IReadOnlyList<InstanceType> All { get; } =
    [
        .. SageMakerInstanceSpecs.All.Select(spec => Priced.FirstOrDefault(p => p.Name == spec.Name) ?? Unpriced(spec)),
        Local(1),
        Local(2),
        Local(4),
        Local(8),
    ];

    private static InstanceType Aws(string name, double price, string source, bool verified = false, DateOnly? date = null) =>
        WithSpec(name) with { PricePerHour = price, PriceSource = source, PriceDate = date ?? Recorded, Verified = verified };

    private static InstanceType Unpriced(InstanceSpec spec) => WithSpec(spec.Name) with { PricePerHour = double.NaN, PriceSource = NoPrice };

    /// <summary>The type's hardware (accelerators in Gpus, whatever their kind; <see cref="Accelerators"/> tells the kind).</summary>
    private static InstanceType WithSpec(string name)
    {
        var spec = SageMakerInstanceSpecs.All.Single(s => s.Name == name);
        return new() { Name = name, VCpus = spec.VCpus, MemoryGiB = spec.MemoryGiB, Gpus = spec.Accelerators, PricePerHour = double.NaN };
    }

    private static InstanceType Local(int vcpus) => new()
    {
        Name = $"local.cpu{vcpus}",
        VCpus = vcpus,
        MemoryGiB = 2 * vcpus,
        PricePerHour = Math.Round(LocalPricePerVCpu * vcpus, 4),
        PriceSource = "nominal: 0.051 USD per vCPU-hour (ml.c5.large's price per vCPU)",
        PriceDate = Recorded,
    };
}
