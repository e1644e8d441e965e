using System.Globalization;
using RightSize.Jobs;
using RightSize.Orchestration;
using RightSize.Reports;
using RightSize.Results;
using Spectre.Console;

namespace RightSize.Cli.Output;

/// <summary>
/// The closing summary of <c>rightsize run</c>: status, the ranked recommendations with what limited each one and their
/// caveats (a column of kinds and one footnote per caveat), the weights they were ranked by and how each compares with
/// the first, where endpoints ran on this host, failures, and the files.
/// </summary>
internal static class Summary
{
    public static void Print(IAnsiConsole console, JobRecord job, IReadOnlyList<string> files)
    {
        var describe = JobDescriber.Describe(job);
        console.MarkupLine($"job [bold]{Markup.Escape(describe.JobName)}[/]: [bold]{describe.Status.Name()}[/]");
        if (describe.FailureReason is { } failure)
        {
            console.MarkupLine($"[red]{Markup.Escape(failure)}[/]");
        }

        if (describe.InferenceRecommendations is { Count: > 0 } recommendations)
        {
            var table = new Table().Title("Recommendations (best first)")
                .AddColumns("#", "Endpoint configuration", "Instances", "MaxInvocations/min", "ModelLatency ms", "CostPerHour", "CostPerInference", "CPU %", "Memory %", "Limited by", "Caveats");
            var rank = 1;
            var versus = new List<string>();
            RankedNumbers? first = null;
            foreach (var r in recommendations)
            {
                var m = r.Metrics!;
                var test = TestOf(job, r.RecommendationId!);
                var numbers = test.Metrics is { } metrics ? RankedNumbers.Of(metrics, test.Caveats) : (RankedNumbers?)null;
                if (first is null)
                {
                    first = numbers;
                }
                else if (numbers is { } other)
                {
                    versus.Add($"#{rank} {r.EndpointConfiguration.InstanceType ?? "serverless"} against #1: {RankingExplanation.Versus(first.Value, other)}.");
                }

                table.AddRow(
                    (rank++).ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(r.EndpointConfiguration.InstanceType ?? "serverless"),
                    r.EndpointConfiguration.InitialInstanceCount?.ToString(CultureInfo.InvariantCulture) ?? "-",
                    m.MaxInvocations?.ToString("N0", CultureInfo.InvariantCulture) ?? "-",
                    ((m.ModelLatency ?? 0) / 1000.0).ToString("0.000", CultureInfo.InvariantCulture),
                    m.CostPerHour is double.NaN ? "n/a" : m.CostPerHour?.ToString("0.####", CultureInfo.InvariantCulture) ?? "-",
                    m.CostPerInference is double.NaN ? "n/a" : m.CostPerInference?.ToString("0.####e+0", CultureInfo.InvariantCulture) ?? "-",
                    m.CpuUtilization?.ToString("0.0", CultureInfo.InvariantCulture) ?? "n/a",
                    m.MemoryUtilization?.ToString("0.0", CultureInfo.InvariantCulture) ?? "n/a",
                    Markup.Escape(LimitingFactor.Describe(test.Metrics, test.Plan.Resources, test.StopReason, test.Caveats)),
                    Markup.Escape(string.Join(", ", test.Caveats.Where(c => c.QualifiesNumbers).Select(c => c.KindName).Distinct())));
            }

            console.Write(table);
            if (recommendations.Count > 1)
            {
                console.MarkupLine(Markup.Escape(RankingExplanation.Weights(job.Plan.Weights)));
            }

            foreach (var line in versus)
            {
                console.MarkupLine(Markup.Escape(line));
            }

            console.MarkupLine(Markup.Escape($"Limited by: what capped each peak; \"endpoint CPU\" means the endpoint used its type's vCPUs, so a type with more serves more. Endpoints got {HostCapacity.Current.DescribeRoom()}."));
        }

        PrintCaveats(console, job);

        lock (job.Sync)
        {
            foreach (var test in job.Tests.Where(t => t.Status != RecommendationStatus.Completed))
            {
                console.MarkupLine($"[yellow]{Markup.Escape(test.Plan.EndpointName)} {test.Status.Name()}:[/] {Markup.Escape(test.FailureReason ?? string.Empty)}");
            }
        }

        foreach (var file in files)
        {
            console.MarkupLine($"wrote {Markup.Escape(file)}");
        }
    }

    private static TestRecord TestOf(JobRecord job, string recommendationId) =>
        job.Tests.First(t => JobDescriber.RecommendationId(job.Plan.JobName, t.Plan.Index) == recommendationId);

    // One line per caveat that qualifies a number, so the table's kinds have their explanation on the same screen.
    private static void PrintCaveats(IAnsiConsole console, JobRecord job)
    {
        lock (job.Sync)
        {
            foreach (var test in job.Tests)
            {
                foreach (var caveat in test.Caveats.Where(c => c.QualifiesNumbers))
                {
                    console.MarkupLine($"[yellow]{Markup.Escape(test.Plan.EndpointName)} {Markup.Escape(caveat.KindName)}:[/] {Markup.Escape(caveat.Detail)}");
                }
            }
        }
    }
}
