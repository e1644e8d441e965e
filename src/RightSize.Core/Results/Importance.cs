namespace RightSize.Results;

/// <summary>SageMaker Studio's importance levels for cost, latency and throughput when ranking recommendations.</summary>
public enum Importance
{
    Lowest = 1,
    Low = 2,
    Moderate = 3,
    High = 4,
    Highest = 5,
}

/// <summary>How much each goal weighs; SageMaker's default puts cost first.</summary>
public sealed record ImportanceWeights
{
    public Importance Cost { get; init; } = Importance.Highest;
    public Importance Latency { get; init; } = Importance.Moderate;
    public Importance Throughput { get; init; } = Importance.Moderate;

    public static ImportanceWeights Default { get; } = new();
}
