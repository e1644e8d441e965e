using System.Globalization;
using RightSize.Generative;
using RightSize.Generative.Api;
using RightSize.Models;

namespace RightSize.Server.Generative;

/// <summary>
/// How a PerformanceTarget chooses: each candidate's operating point is its pass best for the goal, and candidates rank
/// by that pass (ttft-ms: lowest mean TTFT; throughput: most output tokens/s; cost: fewest USD per 1M output tokens).
/// </summary>
internal static class AiGoal
{
    public const string EngineNote = "RightSize cannot serve Hugging Face checkpoints, so every candidate ran the reference LLM engine "
        + "(simulated prefill and decode with continuous batching) under the instance type's CPU and memory limits; the numbers measure that engine, not the model";

    public static string Describe(string goal) => goal switch
    {
        "ttft-ms" => "candidates rank by their lowest mean time to first token over the passes",
        "throughput" => "candidates rank by their highest output tokens per second over the passes",
        _ => "candidates rank by their lowest USD per 1M output tokens (price per hour / output tokens per hour) over the passes",
    };

    public static string OptimizeNote(bool? optimize) => optimize == false
        ? "false: configuration search only, as asked"
        : "requested (the default is true) but not applied: RightSize does not optimize models (no speculative decoding or kernel tuning), so OptimizationDetails is empty";

    /// <summary>With a max-concurrency-under-SLA search, the operating point is the search's answer (the caller checks there is one).</summary>
    public static (StreamLoadOptions Pass, GenerativeMetrics Metrics) BestPass(string goal, AiBenchmarkResult result, AiCandidate candidate) =>
        result.Search?.FeasibleMax is { } answer
            ? result.Passes.First(p => p.Metrics == answer.Metrics)
            : result.Passes.Where(p => p.Metrics.Scalar("request_count") > 0).MinBy(p => Score(goal, p.Metrics, candidate));

    /// <summary>Lower is better.</summary>
    public static double Score(string goal, GenerativeMetrics metrics, AiCandidate candidate) => goal switch
    {
        "ttft-ms" => metrics.Distributions.TryGetValue("time_to_first_token", out var d) && d.Count > 0 ? d.Mean : double.MaxValue,
        "throughput" => -metrics.Scalar("output_token_throughput"),
        _ => GenerativeCost.PerMillionOutputTokens(candidate.Instance.PricePerHour, metrics.Scalar("output_token_throughput")) ?? double.MaxValue,
    };

    public static double? P(GenerativeMetrics metrics, string tag, double percentile) =>
        metrics.Distributions.TryGetValue(tag, out var d) && d.Count > 0 ? d.Percentile(percentile) : null;

    public static AIRecommendation Recommendation(
        string goal, CreateAIRecommendationJobRequest request, AiCandidate candidate, string benchmarkArn, StreamLoadOptions pass, GenerativeMetrics metrics,
        SearchOutcome? search)
    {
        var type = candidate.Instance.InstanceType;
        var concurrency = pass.Concurrency ?? 1;
        var performance = new List<AIRecommendationPerformanceMetric>();
        void Add(string metric, string stat, double? value, string unit)
        {
            if (value is { } v)
            {
                performance.Add(new() { Metric = metric, Stat = stat, Value = v.ToString("0.####", CultureInfo.InvariantCulture), Unit = unit });
            }
        }

        Add("TimeToFirstToken", "p50", P(metrics, "time_to_first_token", 50), "Milliseconds");
        Add("TimeToFirstToken", "average", metrics.Distributions.TryGetValue("time_to_first_token", out var ttft) && ttft.Count > 0 ? ttft.Mean : null, "Milliseconds");
        Add("InterTokenLatency", "p50", P(metrics, "inter_token_latency", 50), "Milliseconds");
        Add("RequestLatency", "p50", P(metrics, "request_latency", 50), "Milliseconds");
        Add("RequestLatency", "p90", P(metrics, "request_latency", 90), "Milliseconds");
        Add("RequestLatency", "p99", P(metrics, "request_latency", 99), "Milliseconds");
        Add("RequestThroughput", "average", metrics.Scalar("request_throughput"), "Requests/Second");
        Add("OutputTokenThroughput", "average", metrics.Scalar("output_token_throughput"), "Tokens/Second");
        Add("CostPerMillionOutputTokens", "average", GenerativeCost.PerMillionOutputTokens(candidate.Instance.PricePerHour, metrics.Scalar("output_token_throughput")), "USD");
        Add("Concurrency", "value", pass.Rate is null ? concurrency : null, "Requests");
        return new AIRecommendation
        {
            RecommendationDescription = string.Create(CultureInfo.InvariantCulture,
                $"{type} at {pass.Label}{(search is null ? string.Empty : ", the largest concurrency whose SLAs held")} for goal {goal} ({candidate.Instance.PricePerHour} USD/hour). OptimizeModel: {OptimizeNote(request.OptimizeModel)}. {EngineNote}."),
            OptimizationDetails = [],
            ModelDetails = new AIRecommendationModelDetails
            {
                InferenceSpecificationName = SpecificationName(goal, type),
                InstanceDetails = [new AIRecommendationInstanceDetail { InstanceType = type, InstanceCount = 1, CopyCountPerInstance = 1 }],
            },
            DeploymentConfiguration = new AIRecommendationDeploymentConfiguration
            {
                ImageUri = BuiltInImages.LlmSynthetic,
                InstanceType = type,
                InstanceCount = 1,
                CopyCountPerInstance = 1,
                S3 = [new AIRecommendationDeploymentS3Channel { ChannelName = "model", Uri = request.ModelSource?.S3?.S3Uri }],
            },
            AIBenchmarkJobArn = benchmarkArn,
            ExpectedPerformance = performance,
        };
    }

    // Name63: e.g. throughput-on-ml-g5-xlarge.
    private static string SpecificationName(string goal, string type)
    {
        var name = $"{goal}-on-{type.Replace('.', '-')}";
        return name.Length <= 63 ? name : name[..63].TrimEnd('-');
    }
}
