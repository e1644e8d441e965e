namespace RightSize.Generative;

/// <summary>What generated tokens cost on an instance type billed by the hour.</summary>
public static class GenerativeCost
{
    /// <summary>
    /// USD per million output tokens: the price per hour over the output tokens one hour makes at the measured
    /// rate; null when nothing was generated (no rate, no cost per token).
    /// </summary>
    public static double? PerMillionOutputTokens(double pricePerHour, double outputTokensPerSecond) =>
        outputTokensPerSecond > 0 ? pricePerHour / (outputTokensPerSecond * 3600) * 1_000_000 : null;
}
