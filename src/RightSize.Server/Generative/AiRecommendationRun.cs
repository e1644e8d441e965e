using System.Globalization;
using System.Text;
using RightSize.Catalog;
using RightSize.Endpoints;
using RightSize.Generative;
using RightSize.Generative.Api;
using RightSize.Models;
using RightSize.Orchestration;
using RightSize.Server.Api.Generative;
using RightSize.Server.Storage;

namespace RightSize.Server.Generative;

/// <summary>
/// A recommendation job's run: for each candidate instance type a benchmark job (stored, so its ARN can be described)
/// runs the workload's passes on the reference LLM engine under the type's CPU and memory limits; the candidates are
/// ranked by the goal and become Recommendations (best first), with a report comparing cost, latency and throughput.
/// </summary>
internal static class AiRecommendationRun
{
    private const int DefaultCandidates = 3;

    public static async Task<AiJobOutcome> RunAsync(
        ServerState state, StoredAiResource job, CreateAIRecommendationJobRequest request, AiWorkload workload, string outputFolder, CancellationToken cancellationToken)
    {
        var goal = request.PerformanceTarget!.Constraints![0].Metric!;
        var (candidates, notes) = Candidates(state.Catalog, request.ComputeSpec?.InstanceTypes);
        var model = new CreateModelRequest
        {
            ModelName = job.Name,
            PrimaryContainer = new ContainerDefinition { Image = BuiltInImages.LlmSynthetic, ModelDataUrl = request.ModelSource!.S3!.S3Uri },
        };
        var measured = new List<(AiCandidate Candidate, string BenchmarkArn, AiBenchmarkResult Result)>();
        var failures = new List<string>(notes.Where(n => n.StartsWith("skipped", StringComparison.Ordinal)));
        for (var i = 0; i < candidates.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var candidate = candidates[i];
            var name = BenchmarkName(job.Name, i + 1);
            var benchmark = new StoredAiResource(AiResourceKind.BenchmarkJob, name, state.Arn(AiResourceKind.BenchmarkJob, name), AiJobStatus.InProgress,
                state.Time.GetUtcNow(), state.Time.GetUtcNow(), null, null, AiApiValidator.NameOf(request.AIWorkloadConfigIdentifier!),
                SageMakerJson.Serialize(new CreateAIBenchmarkJobRequest
                {
                    AIBenchmarkJobName = name,
                    BenchmarkTarget = new AIBenchmarkTarget { Endpoint = new AIBenchmarkEndpoint { Identifier = name } },
                    OutputConfig = new AIBenchmarkOutputConfig { S3OutputLocation = request.OutputConfig!.S3OutputLocation },
                    AIWorkloadConfigIdentifier = request.AIWorkloadConfigIdentifier,
                    RoleArn = request.RoleArn,
                }, AiJsonContext.Default.CreateAIBenchmarkJobRequest), null);
            await state.Store.DeleteAiResourceAsync(AiResourceKind.BenchmarkJob, name, CancellationToken.None);
            await state.Store.AddAiResourceAsync(benchmark, CancellationToken.None);
            var (result, failure) = (default(AiBenchmarkResult), default(string));
            try
            {
                (result, failure) = await AiJobRuns.RunAsync(state, name, workload, new AiTarget(null, model), outputFolder, candidate, cancellationToken);
            }
            finally
            {
                var ok = result is not null && result.Passes.Any(p => p.Metrics.Scalar("request_count") > 0);
                failure ??= ok ? null : "no request succeeded";
                await state.Store.UpdateAiResourceAsync(benchmark with
                {
                    Status = cancellationToken.IsCancellationRequested ? AiJobStatus.Stopped : ok ? AiJobStatus.Completed : AiJobStatus.Failed,
                    EndTime = state.Time.GetUtcNow(),
                    FailureReason = ok || cancellationToken.IsCancellationRequested ? null : ValidationError.Shorten(failure ?? "failed", 1024),
                }, CancellationToken.None);
            }

            if (result is { Search: { FeasibleMax: null } search })
            {
                failures.Add($"{candidate.Instance.InstanceType}: {search.Describe()}");
            }
            else if (result is not null && result.Passes.Any(p => p.Metrics.Scalar("request_count") > 0))
            {
                measured.Add((candidate, benchmark.Arn, result));
            }
            else
            {
                failures.Add($"{candidate.Instance.InstanceType}: {failure}");
            }
        }

        if (measured.Count == 0)
        {
            return new AiJobOutcome(AiJobStatus.Failed, $"no candidate was measured: {string.Join("; ", failures)}");
        }

        var ranked = measured.Select(m => (m.Candidate, m.BenchmarkArn, m.Result, Best: AiGoal.BestPass(goal, m.Result, m.Candidate)))
            .OrderBy(m => AiGoal.Score(goal, m.Best.Metrics, m.Candidate)).ToList();
        var recommendations = ranked.Select(m => AiGoal.Recommendation(goal, request, m.Candidate, m.BenchmarkArn, m.Best.Pass, m.Best.Metrics, m.Result.Search)).ToList();
        var report = Report(job.Name, goal, request, workload, ranked.Select(r => (r.Candidate, r.Result, r.Best.Pass)).ToList(), notes, failures);
        Directory.CreateDirectory(Path.Combine(outputFolder, job.Name));
        await File.WriteAllTextAsync(Path.Combine(outputFolder, job.Name, "report.md"), report, CancellationToken.None);
        return new AiJobOutcome(AiJobStatus.Completed, null, SageMakerJson.Serialize(recommendations, AiJsonContext.Default.ListAIRecommendation));
    }

    /// <summary>ComputeSpec's types, or the catalog's types of SageMaker's list that fit this host (else local profiles); scaled together to fit.</summary>
    private static (List<AiCandidate> Candidates, List<string> Notes) Candidates(InstanceCatalog catalog, List<string>? requested)
    {
        var host = HostCapacity.Current;
        var notes = new List<string>();
        var types = new List<InstanceType>();
        if (requested is { Count: > 0 })
        {
            foreach (var name in requested)
            {
                if (catalog.TryGet(name, out var type) && double.IsNaN(type.PricePerHour))
                {
                    notes.Add($"skipped {name}: no price known; add it with its PricePerHour to the workspace's InstanceTypes");
                }
                else if (type is not null)
                {
                    types.Add(type);
                }
                else
                {
                    notes.Add($"skipped {name}: {catalog.DescribeUnknown(name)}");
                }
            }
        }
        else
        {
            types.AddRange(catalog.All.Where(t => AiApiValidator.InstanceTypes.Contains(t.Name) && !double.IsNaN(t.PricePerHour)
                && host.Fits(new EndpointResources(t.VCpus, t.MemoryGiB))).Take(DefaultCandidates));
            if (types.Count == 0)
            {
                types.AddRange(catalog.All.Where(t => t.Name.StartsWith("local.", StringComparison.Ordinal) && host.Fits(new EndpointResources(t.VCpus, t.MemoryGiB)))
                    .Take(DefaultCandidates));
                notes.Add($"no ComputeSpec: none of SageMaker's AI instance types in the catalog fits {host.DescribeRoom()}, so the candidates are the local profiles that fit");
            }
            else
            {
                notes.Add("no ComputeSpec: the candidates are the catalog's SageMaker AI instance types that fit this host");
            }
        }

        var factor = host.EmulationFactor(types.Select(t => new EndpointResources(t.VCpus, t.MemoryGiB)));
        if (factor < 1)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"emulated at factor {factor:0.###}: the types do not fit {host.DescribeRoom()}, so each ran with its vCPUs and memory scaled down by that factor (an approximation)"));
        }

        var candidates = types.Select(t => new AiCandidate(new AiInstance(t.Name, t.PricePerHour, t.PriceSource), new EndpointResources(t.VCpus * factor, t.MemoryGiB * factor))).ToList();
        return (candidates, notes);
    }

    private static string BenchmarkName(string job, int index)
    {
        var suffix = $"-bench-{index}";
        return job.Length + suffix.Length <= 63 ? job + suffix : job[..(63 - suffix.Length)].TrimEnd('-') + suffix;
    }

    private static string Report(string jobName, string goal, CreateAIRecommendationJobRequest request, AiWorkload workload,
        List<(AiCandidate Candidate, AiBenchmarkResult Result, StreamLoadOptions Best)> ranked, List<string> notes, List<string> failures)
    {
        var text = new StringBuilder().Append(CultureInfo.InvariantCulture, $"# AI recommendation job {jobName}\n\n");
        text.Append(CultureInfo.InvariantCulture, $"- goal (PerformanceTarget): {goal}; {AiGoal.Describe(goal)}\n");
        if (workload.Spec.Search is not null)
        {
            text.Append(CultureInfo.InvariantCulture, $"- basis: the workload's {SlaSearch.Recipe} search; each candidate's chosen pass is its largest concurrency whose SLAs held, and a candidate with none is not recommended\n");
        }

        text.Append(CultureInfo.InvariantCulture, $"- model: {request.ModelSource?.S3?.S3Uri}, served by {BuiltInImages.LlmSynthetic}: {AiGoal.EngineNote}\n");
        text.Append(CultureInfo.InvariantCulture, $"- OptimizeModel: {AiGoal.OptimizeNote(request.OptimizeModel)}\n");
        text.Append(CultureInfo.InvariantCulture, $"- prompts: {workload.PromptSource}\n");
        foreach (var note in notes)
        {
            text.Append("- ").Append(note).Append('\n');
        }

        text.Append("\n## Candidates, best first\n\n| rank | instance type | USD/hour | chosen pass | output tok/s | TTFT p50 ms | ITL p50 ms | USD per 1M output tokens |\n|---|---|---|---|---|---|---|---|\n");
        for (var i = 0; i < ranked.Count; i++)
        {
            var (candidate, result, best) = ranked[i];
            var m = result.Passes.First(p => p.Pass == best).Metrics;
            var cost = GenerativeCost.PerMillionOutputTokens(candidate.Instance.PricePerHour, m.Scalar("output_token_throughput"));
            text.Append(CultureInfo.InvariantCulture,
                $"| {i + 1} | {candidate.Instance.InstanceType} | {candidate.Instance.PricePerHour} | {best.Label} | {m.Scalar("output_token_throughput"):0.0} | {AiGoal.P(m, "time_to_first_token", 50):0.0} | {AiGoal.P(m, "inter_token_latency", 50):0.0} | {(cost is { } c ? c.ToString("0.0000", CultureInfo.InvariantCulture) : "-")} |\n");
        }

        foreach (var (candidate, result, _) in ranked)
        {
            text.Append(CultureInfo.InvariantCulture, $"\n## {candidate.Instance.InstanceType} ({candidate.Instance.PricePerHour} USD/hour; {candidate.Instance.Note})\n\n");
            if (result.Search is { } search)
            {
                text.Append(CultureInfo.InvariantCulture, $"- {search.Describe()}\n\n");
            }

            text.Append(GenerativeSummary.MarkdownTable(result.Passes.Select(p => p.Metrics), candidate.Instance.PricePerHour));
        }

        foreach (var failure in failures)
        {
            text.Append("\n- not measured: ").Append(failure);
        }

        return text.Append('\n').ToString();
    }
}
