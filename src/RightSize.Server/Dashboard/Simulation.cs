using System.Globalization;
using System.Numerics;
using Microsoft.AspNetCore.Http;
using RightSize.Autoscaling;
using RightSize.Jobs;
using RightSize.Server.Api;

namespace RightSize.Server.Dashboard;

/// <summary>
/// <c>GET /api/jobs/NAME/simulation</c>: GetScalingConfigurationRecommendation's policy for a completed job's
/// recommendation, played against rise-and-fall traffic by <see cref="ModeledSimulation"/>, with latency from that
/// recommendation's own test windows. Pure computation on stored numbers: nothing starts, and every input is bounded.
/// </summary>
internal static class Simulation
{
    public const int DefaultMinutes = 30;
    public const int MinMinutes = 5;
    public const int MaxMinutes = 240;

    /// <summary>The simulation's P95 threshold when none is asked: <c>autoscaling simulate</c>'s default.</summary>
    public const double DefaultLatencyThresholdMs = 500;

    private const double MaxRate = 1e9;

    public static async Task<(SimulationResponse? Answer, ApiResponse? Refusal)> RunAsync(ServerState state, string name, IQueryCollection query, CancellationToken ct)
    {
        var errors = new List<ValidationError>();
        var minutes = Read(query, "Minutes", MinMinutes, MaxMinutes, errors) ?? DefaultMinutes;
        var cpu = Read(query, "TargetCpuUtilizationPerCore", 1, 100, errors);
        var minIpm = Read(query, "MinInvocationsPerMinute", 0, int.MaxValue, errors);
        var maxIpm = Read(query, "MaxInvocationsPerMinute", 1, int.MaxValue, errors);
        var peakIpm = Read(query, "PeakInvocationsPerMinute", 1, MaxRate, errors);
        var threshold = Read(query, "LatencyThresholdMs", 1.0, 3_600_000, errors) ?? DefaultLatencyThresholdMs;
        var request = new GetScalingConfigurationRecommendationRequest
        {
            InferenceRecommendationsJobName = name,
            RecommendationId = query["RecommendationId"].FirstOrDefault() is { Length: > 0 } id ? id : null,
            TargetCpuUtilizationPerCore = cpu,
            ScalingPolicyObjective = minIpm is null && maxIpm is null ? null : new ScalingPolicyObjective { MinInvocationsPerMinute = minIpm, MaxInvocationsPerMinute = maxIpm },
        };
        errors.AddRange(ScalingRecommendations.Validate(request).Where(e => !errors.Any(mine => mine.Path == Plain(e.Path))).Select(e => e with { Path = Plain(e.Path) }));
        if (errors.Count > 0)
        {
            return (null, ApiResponse.Validation(errors));
        }

        if (await JobReads.DescribeAsync(state, name, ct) is not { } describe)
        {
            return (null, ApiResponse.Error(ErrorCodes.ResourceNotFound, $"no job '{ValidationError.Shorten(name)}'", StatusCodes.Status404NotFound));
        }

        var (policy, refusal) = await ScalingRecommendations.RecommendAsync(state, request, ct);
        if (policy is null)
        {
            return (null, refusal);
        }

        var chosen = describe.InferenceRecommendations?.FirstOrDefault(r => r.RecommendationId == policy.RecommendationId);
        var tests = await JobReads.TestsAsync(state, name, ct) ?? [];
        if (chosen?.EndpointConfiguration is not { } endpoint || tests.FirstOrDefault(t => t.EndpointName == endpoint.EndpointName) is not { } test)
        {
            return (null, ApiResponse.Validation("RecommendationId", $"recommendation '{policy.RecommendationId}' has no stored test to take its latency from"));
        }

        var instances = Math.Max(1, endpoint.InitialInstanceCount ?? 1);
        var windows = await JobReads.WindowsAsync(state, name, test.TestIndex, -1, ct) ?? [];
        var curve = new LatencyCurve(windows.Select(w => w.Stats).Where(w => w.IsFull && w.LengthSeconds > 0)
            .Select(w => new LatencyPoint(Math.Round(w.InvocationsPerMinute / instances, 1), w.P95Ms, w.P99Ms)));
        var scaling = policy.DynamicScalingConfiguration!;
        var target = (double)policy.Metric!.InvocationsPerInstance!.Value;
        var low = Math.Max(1, target / 60 * 0.2);
        var peak = peakIpm is { } asked ? Math.Max(low, asked / 60) : target / 60 * scaling.MaxCapacity!.Value * 0.8;
        var report = ModeledSimulation.Run(
            new ModeledSimulationSettings(target, scaling.MinCapacity!.Value, scaling.MaxCapacity!.Value, low, peak, minutes,
                scaling.ScaleInCooldown!.Value, scaling.ScaleOutCooldown!.Value, threshold),
            curve);
        return (new SimulationResponse(policy.RecommendationId!, endpoint.EndpointName ?? string.Empty, test.TestIndex, instances,
            $"modeled, not run: the policy's autoscaler on rise-and-fall traffic; latency interpolated from test {test.TestIndex}'s {curve.Points.Count} measured load level(s) per instance"
            + (windows.Count(w => w.Stats.HostBound == true) is > 0 and var busy ? $"; {busy} of its windows were measured on a saturated host (host-bound), so their latency is partly the host's" : string.Empty),
            curve.Points, report), null);
    }

    private static string Plain(string path) => path.Replace("ScalingPolicyObjective.", string.Empty, StringComparison.Ordinal);

    /// <summary>The query's number at <paramref name="key"/>: null when absent, an error naming the key when not a number in range.</summary>
    private static T? Read<T>(IQueryCollection query, string key, T min, T max, List<ValidationError> errors)
        where T : struct, INumber<T>
    {
        if (query[key].FirstOrDefault() is not { Length: > 0 } text)
        {
            return null;
        }

        if (T.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        var kind = typeof(T) == typeof(int) ? "a whole number" : "a number";
        errors.Add(new(key, string.Create(CultureInfo.InvariantCulture, $"'{ValidationError.Shorten(text, 20)}' is not {kind} from {min} to {max}")));
        return null;
    }
}

/// <summary>The simulated recommendation, where its latency came from, and the minutes.</summary>
public sealed record SimulationResponse(
    string RecommendationId, string EndpointName, int TestIndex, int InstancesInTest, string Note,
    IReadOnlyList<LatencyPoint> Measured, ModeledSimulationReport Simulation);
