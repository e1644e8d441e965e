using System.Globalization;
using System.Text;
using RightSize.Autoscaling;
using RightSize.Jobs;
using RightSize.Results;

namespace RightSize.Cli.Commands.Autoscaling;

/// <summary>
/// MAX_RPS from a finished job: a recommendation's per-instance MaxInvocations (its peak window's rate per minute)
/// divided by 60. Reported MaxInvocations is per-instance x InitialInstanceCount. For a
/// <c>rightsize run</c> folder, the test's peak window in metrics.csv, when there, adds its users, success rate and latencies.
/// </summary>
internal static class JobOutputPeak
{
    public sealed record Peak(double MaxRps, string RecommendationId, string EndpointName, string? InstanceType);

    public static async Task<Result<Peak>> ReadAsync(string directory, string? recommendationId, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, "describe.json");
        if (!File.Exists(path))
        {
            return Result<Peak>.Failure("--job-output", $"{path} does not exist (a `rightsize run` output folder holds describe.json)");
        }

        var describe = SageMakerJson.Parse(
            await File.ReadAllTextAsync(path, cancellationToken), SageMakerJsonContext.Default.DescribeInferenceRecommendationsJobResponse);
        if (!describe.Succeeded)
        {
            return Result<Peak>.Failure([.. describe.Errors.Select(e => e with { Path = $"--job-output: {path}: {e.Path}" })]);
        }

        return Choose(describe.Value, recommendationId, "--job-output");
    }

    /// <summary>
    /// The recommendation asked for (default: the top-ranked one) by the core's rule, and its MAX_RPS; errors name
    /// <paramref name="source"/> (the option that gave the job) or --recommendation-id.
    /// </summary>
    public static Result<Peak> Choose(DescribeInferenceRecommendationsJobResponse describe, string? recommendationId, string source)
    {
        var choice = RecommendationChoice.Choose(describe, recommendationId);
        if (!choice.Succeeded)
        {
            return Result<Peak>.Failure([.. choice.Errors.Select(e => e with { Path = e.Path == "RecommendationId" ? "--recommendation-id" : source })]);
        }

        var chosen = choice.Value;
        if (RecommendationChoice.PerInstanceMaxInvocations(chosen) is not { } perInstance)
        {
            return Result<Peak>.Failure(source, $"recommendation {chosen.RecommendationId} has no MaxInvocations");
        }

        var endpoint = chosen.EndpointConfiguration;
        return Result<Peak>.Success(new Peak(perInstance / 60, chosen.RecommendationId ?? string.Empty, endpoint.EndpointName, endpoint.InstanceType));
    }

    /// <summary>The test's peak window from metrics.csv as a step (rate, success rate, percentiles); null without the file or row.</summary>
    public static async Task<PeakStep?> ReadPeakWindowAsync(string directory, string endpointName, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, "metrics.csv");
        if (!File.Exists(path))
        {
            return null;
        }

        var lines = await File.ReadAllLinesAsync(path, cancellationToken);
        if (lines.Length == 0)
        {
            return null;
        }

        var header = SplitCsv(lines[0]);
        int Column(string name) => Array.IndexOf(header, name);
        foreach (var line in lines.Skip(1))
        {
            var f = SplitCsv(line);
            if (f.Length == header.Length && f[Column("endpoint_name")] == endpointName && f[Column("is_peak")] == "true")
            {
                double Number(string name) => double.TryParse(f[Column(name)], CultureInfo.InvariantCulture, out var v) ? v : double.NaN;
                return new PeakStep((int)Number("users"), Number("invocations_per_minute") / 60, 1 - Number("error_rate"), Number("p50_ms"), Number("p95_ms"), Number("p99_ms"))
                {
                    Invocations = (long)Number("invocations"),
                };
            }
        }

        return null;
    }

    // RFC 4180 fields of one line, as MetricsCsv writes them (quoted when they hold a comma or a quote).
    private static string[] SplitCsv(string line)
    {
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return [.. fields];
    }
}
