using System.Globalization;
using RightSize.Orchestration;
using RightSize.Results;
using Spectre.Console;

namespace RightSize.Cli.Output;

/// <summary>The closing summary of <c>rightsize run</c>: status, the ranked recommendations, failures, and the files.</summary>
internal static class Summary
{
    public static void Print(IAnsiConsole console, JobRecord job, IReadOnlyList<string> files)
    {
        var describe = JobDescriber.Describe(job);
        console.MarkupLine($"job [bold]{Markup.Escape(describe.JobName)}[/]: [bold]{Markup.Escape(describe.Status)}[/]");
        if (describe.FailureReason is { } failure)
        {
            console.MarkupLine($"[red]{Markup.Escape(failure)}[/]");
        }

        if (describe.InferenceRecommendations is { Count: > 0 } recommendations)
        {
            var table = new Table().Title("Recommendations (best first)")
                .AddColumns("#", "Endpoint configuration", "Instances", "MaxInvocations/min", "ModelLatency ms", "CostPerHour", "CostPerInference", "CPU %", "Memory %");
            var rank = 1;
            foreach (var r in recommendations)
            {
                var m = r.Metrics!;
                table.AddRow(
                    (rank++).ToString(CultureInfo.InvariantCulture),
                    Markup.Escape(r.EndpointConfiguration.InstanceType ?? "serverless"),
                    r.EndpointConfiguration.InitialInstanceCount?.ToString(CultureInfo.InvariantCulture) ?? "-",
                    m.MaxInvocations?.ToString("N0", CultureInfo.InvariantCulture) ?? "-",
                    ((m.ModelLatency ?? 0) / 1000.0).ToString("0.000", CultureInfo.InvariantCulture),
                    m.CostPerHour?.ToString("0.####", CultureInfo.InvariantCulture) ?? "-",
                    m.CostPerInference?.ToString("0.####e+0", CultureInfo.InvariantCulture) ?? "-",
                    m.CpuUtilization?.ToString("0.0", CultureInfo.InvariantCulture) ?? "n/a",
                    m.MemoryUtilization?.ToString("0.0", CultureInfo.InvariantCulture) ?? "n/a");
            }

            console.Write(table);
        }

        lock (job.Sync)
        {
            foreach (var test in job.Tests.Where(t => t.Status != RecommendationStatus.Completed))
            {
                console.MarkupLine($"[yellow]{Markup.Escape(test.Plan.EndpointName)} {Markup.Escape(test.Status)}:[/] {Markup.Escape(test.FailureReason ?? string.Empty)}");
            }
        }

        foreach (var file in files)
        {
            console.MarkupLine($"wrote {Markup.Escape(file)}");
        }
    }
}
