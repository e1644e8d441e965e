using RightSize.Traffic;

namespace RightSize.Generative;

/// <summary>
/// One measured pass: a closed loop of <see cref="Concurrency"/> users, or an open loop at <see cref="Rate"/> requests/s
/// (then <see cref="Concurrency"/>, if given, caps the requests in flight). It ends after <see cref="RequestCount"/>
/// requests or when <see cref="Duration"/> has passed (no new requests; those in flight finish), whichever is first.
/// </summary>
public sealed record StreamLoadOptions
{
    public int? Concurrency { get; init; }

    public double? Rate { get; init; }

    public ArrivalProcess Arrivals { get; init; } = ArrivalProcess.Poisson;

    public int? RequestCount { get; init; }

    public TimeSpan? Duration { get; init; }

    public int Seed { get; init; } = 42;

    /// <summary>A name for the pass in outputs: <c>concurrency_8</c> or <c>rate_2.5</c>.</summary>
    public string Label => Rate is { } rate
        ? $"rate_{rate.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture)}"
        : $"concurrency_{Concurrency ?? 1}";

    /// <summary>Every problem at once, each naming the setting; empty when the pass can run.</summary>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Concurrency is < 1 or > 100_000)
        {
            errors.Add($"concurrency: {Concurrency} is out of range; give 1 to 100000");
        }

        if (Rate is { } rate && (!double.IsFinite(rate) || rate <= 0 || rate > 1_000_000))
        {
            errors.Add($"request_rate: {rate} is out of range; give requests per second above 0, e.g. 2.5");
        }

        if (Concurrency is null && Rate is null)
        {
            errors.Add("concurrency or request_rate: give one, e.g. concurrency 8 (closed loop) or request_rate 2.5 (open loop)");
        }

        if (RequestCount is < 1)
        {
            errors.Add($"request_count: {RequestCount} is out of range; give 1 or more");
        }

        if (Duration is { } duration && duration <= TimeSpan.Zero)
        {
            errors.Add($"benchmark_duration: {duration.TotalSeconds} s is out of range; give seconds above 0");
        }

        if (RequestCount is null && Duration is null)
        {
            errors.Add("request_count or benchmark_duration: give at least one, so the pass ends");
        }

        return errors;
    }
}
