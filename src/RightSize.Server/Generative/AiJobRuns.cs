using RightSize.Endpoints;
using RightSize.Generative;
using RightSize.Generative.Api;
using RightSize.Workspaces;

namespace RightSize.Server.Generative;

/// <summary>A benchmark job's run: start the target when it is a model, run the workload's passes, write the output, stop what was started.</summary>
internal static class AiJobRuns
{
    private static readonly TimeSpan SetupDeadline = TimeSpan.FromMinutes(2);

    public static async Task<AiJobOutcome> BenchmarkAsync(
        ServerState state, string jobName, AiWorkload workload, AiTarget target, string outputFolder, AiCandidate? candidate, CancellationToken cancellationToken)
    {
        var (result, failure) = await RunAsync(state, jobName, workload, target, outputFolder, candidate, cancellationToken);
        return result is null
            ? new AiJobOutcome(AiJobStatus.Failed, failure)
            : result.Passes.All(p => p.Metrics.Scalar("request_count") == 0)
            ? new AiJobOutcome(AiJobStatus.Failed, $"no request succeeded: {FirstError(result)}; the results are in {result.Archive}")
            : new AiJobOutcome(AiJobStatus.Completed, null);
    }

    /// <summary>The result, or why there is none (the endpoint would not start).</summary>
    public static async Task<(AiBenchmarkResult? Result, string? Failure)> RunAsync(
        ServerState state, string jobName, AiWorkload workload, AiTarget target, string outputFolder, AiCandidate? candidate, CancellationToken cancellationToken)
    {
        IEndpoint? endpoint = null;
        try
        {
            Uri url;
            string described;
            if (target.Url is { } existing)
            {
                url = existing;
                described = $"workspace endpoint at {existing}";
            }
            else
            {
                var model = target.Model!;
                var provisioning = await state.Engine.LocalProvider(JobPayloads.LlmSyntheticProbe).ProvisionAsync(new EndpointRequest
                {
                    EndpointName = jobName,
                    Model = model,
                    InstanceType = candidate?.Instance.InstanceType,
                    Resources = candidate?.Resources,
                    Environment = model.PrimaryContainer?.Environment ?? new Dictionary<string, string>(),
                    SetupDeadline = SetupDeadline,
                }, cancellationToken);
                if (provisioning.Endpoint is null)
                {
                    return (null, provisioning.FailureReason);
                }

                endpoint = provisioning.Endpoint;
                // The model server speaks OpenAI chat beside /invocations; SageMaker's benchmarks send chat completions.
                url = new Uri(endpoint.InvocationsUrl, "/v1/chat/completions");
                described = $"model {model.ModelName} ({model.PrimaryContainer?.Image}{(candidate is null ? string.Empty : " on " + candidate.Instance.InstanceType)}), started for the job";
            }

            var client = new StreamClientOptions
            {
                Url = url,
                Protocol = AiTarget.ProtocolOf(url),
                Model = workload.Spec.Model ?? target.Model?.ModelName ?? "default",
                Streaming = workload.Spec.Streaming,
                Timeout = workload.Spec.RequestTimeout,
                InferenceComponents = target.InferenceComponents,
                ModelSelection = workload.Spec.ModelSelection,
                Seed = workload.Spec.RandomSeed,
            };
            if (client.DescribeComponents() is { } components)
            {
                described += ", " + components;
            }

            var result = await AiBenchmarkRun.RunAsync(jobName, workload, client, outputFolder, candidate?.Instance, described, state.Time, cancellationToken);
            return (result, null);
        }
        finally
        {
            if (endpoint is not null)
            {
                await endpoint.DisposeAsync();
            }
        }
    }

    private static string FirstError(AiBenchmarkResult result) =>
        result.Passes.SelectMany(p => p.Metrics.Errors).Select(e => $"{e.Value.Count} {e.Key} (e.g. {e.Value.Example})").FirstOrDefault() ?? "no request was sent";
}

/// <summary>A recommendation job's candidate: the instance type (with its price) and the resources its endpoint gets here.</summary>
internal sealed record AiCandidate(AiInstance Instance, EndpointResources Resources);
