namespace RightSize.Endpoints.Serverless;

/// <summary>
/// How a serverless configuration becomes local resources and a price (see docs/endpoints.md): memory is
/// MemorySizeInMB; CPU grows with memory as AWS Lambda's does (1 vCPU per 1,769 MB); compute is priced per GB-second.
/// </summary>
public static class ServerlessRules
{
    /// <summary>AWS Lambda's rule: a function gets one vCPU's worth of CPU per 1,769 MB of memory.</summary>
    public const double MegabytesPerVCpu = 1769;

    /// <summary>SageMaker Serverless Inference compute in us-east-1: $0.0000200 per second for 1 GB (1024 MB).</summary>
    public const double PricePerGbSecond = 0.0000200;

    public static EndpointResources ResourcesFor(int memorySizeInMb) => new(memorySizeInMb / MegabytesPerVCpu, memorySizeInMb / 1024.0);
}
