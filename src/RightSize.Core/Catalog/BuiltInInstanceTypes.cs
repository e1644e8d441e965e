namespace RightSize.Catalog;

/// <summary>
/// The built-in catalog. Specs are AWS's published vCPU/memory/GPU figures. Prices are on-demand real-time inference,
/// USD per hour; only the four from AWS documentation examples are marked verified. Each source names where the figure
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

    public static IReadOnlyList<InstanceType> All { get; } =
    [
        Aws("ml.t2.medium", 2, 4, 0.056, Recalled),
        Aws("ml.t2.large", 2, 8, 0.111, Recalled),
        Aws("ml.t2.xlarge", 4, 16, 0.223, Recalled),
        Aws("ml.t2.2xlarge", 8, 32, 0.445, Recalled),
        Aws("ml.m5.large", 2, 8, 0.115, AwsDocs, verified: true),
        Aws("ml.m5.xlarge", 4, 16, 0.23, ThirdParty),
        Aws("ml.m5.2xlarge", 8, 32, 0.461, Recalled),
        Aws("ml.m5.4xlarge", 16, 64, 0.922, Recalled),
        Aws("ml.c5.large", 2, 4, 0.102, ThirdParty),
        Aws("ml.c5.xlarge", 4, 8, 0.204, AwsDocs, verified: true),
        Aws("ml.c5.2xlarge", 8, 16, 0.408, ThirdParty),
        Aws("ml.c5.4xlarge", 16, 32, 0.816, Recalled),
        Aws("ml.c5d.large", 2, 4, 0.115, AwsDocs, verified: true),
        Aws("ml.c5d.xlarge", 4, 8, 0.23, AwsDocs, verified: true),
        Aws("ml.r5.large", 2, 16, 0.151, Recalled),
        Aws("ml.r5.xlarge", 4, 32, 0.302, R5Pattern, date: Rechecked),
        Aws("ml.r5.2xlarge", 8, 64, 0.605, Recalled),
        Aws("ml.g4dn.xlarge", 4, 16, 0.7364, ThirdParty, gpus: 1),
        Aws("ml.g5.xlarge", 4, 16, 1.408, ThirdParty, gpus: 1),
        // One Inferentia chip, which is not a GPU.
        Aws("ml.inf1.xlarge", 4, 8, 0.368, Inf1Tables, date: Rechecked),
        Aws("ml.c6i.large", 2, 4, 0.102, Recalled),
        Aws("ml.c6i.xlarge", 4, 8, 0.204, Recalled),
        Aws("ml.m6i.large", 2, 8, 0.115, Recalled),
        Aws("ml.m6i.xlarge", 4, 16, 0.23, Recalled),
        Local(1),
        Local(2),
        Local(4),
        Local(8),
    ];

    private static InstanceType Aws(
        string name, double vcpus, double memoryGiB, double price, string source, int gpus = 0, bool verified = false, DateOnly? date = null) =>
        new()
        {
            Name = name,
            VCpus = vcpus,
            MemoryGiB = memoryGiB,
            Gpus = gpus,
            PricePerHour = price,
            PriceSource = source,
            PriceDate = date ?? Recorded,
            Verified = verified,
        };

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
