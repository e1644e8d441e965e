using System.Globalization;
using RightSize.Catalog;
using RightSize.Endpoints;
using RightSize.Endpoints.Serverless;
using RightSize.Jobs;
using RightSize.Models;
using RightSize.Results;
using RightSize.Stopping;
using RightSize.Traffic;
using RightSize.Workspaces;

namespace RightSize.Orchestration;

/// <summary>
/// Turns a validated request into a plan: resolves the model or endpoint, the sample payloads, the instance types and
/// the tests. Every problem found is returned at once, each with the request path it concerns; nothing starts.
/// </summary>
public static class JobPlanner
{
    private const int DefaultWindowSeconds = 60;

    public static Result<JobPlan> Plan(
        CreateInferenceRecommendationsJobRequest request,
        WorkspaceResolver workspace,
        InstanceCatalog catalog,
        JobPlanningOptions options)
    {
        var errors = new List<ValidationError>();
        var input = request.InputConfig!;
        var source = ResolveSource(input, request.JobType == "Default", workspace, errors);
        var payloads = source is null ? null : JobPayloads.Load(input, source.Model, workspace);
        errors.AddRange(payloads?.Errors ?? []);
        var windowSeconds = options.WindowSeconds ?? RightSizeTags.GetWindowSeconds(request) ?? DefaultWindowSeconds;
        var schedule = ScheduleOf(request, windowSeconds, errors);
        var planned = PlanTests(request, source?.Model is not null, catalog, options, errors);
        var tests = options.OnFleet ? planned : AcceleratorFit.Apply(planned, options.Accelerators, RunsInContainer(source), RightSizeTags.GetEmulateAccelerators(request));
        // An accelerator type that runs on CPU is an approximation already: where it is larger than the host, it is scaled down too.
        var emulateSize = RightSizeTags.GetEmulateProportional(request) || tests.Any(t => t.Caveats.Any(c => c.Kind == CaveatKind.AcceleratorEmulated));
        var unfitted = tests;
        tests = options.OnFleet
            ? [.. tests.Select(t => t.Configuration.InstanceType is null ? HostFit.Apply([t], options.Host, emulateSize)[0] : t)]
            : HostFit.Apply(tests, options.Host, emulateSize);
        errors.AddRange(TooLargeForHost(input, unfitted, tests));
        if (errors.Count > 0)
        {
            return Result<JobPlan>.Failure(errors);
        }

        var limit = input.ResourceLimit;
        return Result<JobPlan>.Success(new JobPlan
        {
            Request = request,
            JobArn = $"arn:aws:sagemaker:{options.Region}:{options.AccountId}:inference-recommendations-job/{request.JobName}",
            Model = source!.Model,
            ModelDirectory = source.ModelDirectory,
            ExistingUrl = source.ExistingUrl,
            Payloads = payloads!.Value!,
            Schedule = schedule!,
            Policy = StoppingPolicy.From(request.StoppingConditions),
            WindowSeconds = windowSeconds,
            JobDuration = input.JobDurationInSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
            MaxParallelTests = limit?.MaxParallelOfTests ?? (request.JobType != "Default" ? 1
                : options.OnFleet ? DefaultJob.FleetParallelism(tests, options.Fleet, options.Host) : DefaultJob.Parallelism(tests, options.Host)),
            Weights = RightSizeTags.GetImportanceWeights(request),
            RequestTimeout = options.RequestTimeout,
            SetupDeadline = RightSizeTags.GetSetupDeadline(request) ?? options.SetupDeadline,
            ServerlessIdle = RightSizeTags.GetServerlessIdle(request) ?? TimeSpan.FromMinutes(3),
            Tests = tests,
        });
    }

    private sealed record ModelSource(CreateModelRequest? Model, string? ModelDirectory, Uri? ExistingUrl);

    // Only a Docker image can be given a GPU; the built-in images and local processes run on CPU.
    private static bool RunsInContainer(ModelSource? source) =>
        source?.Model?.PrimaryContainer?.Image is { } image && image != BuiltInImages.Process && !image.StartsWith("builtin:", StringComparison.Ordinal);

    /// <param name="candidates">A Default job: beside an existing endpoint, the model behind it must resolve, to start its candidates.</param>
    private static ModelSource? ResolveSource(RecommendationJobInputConfig input, bool candidates, WorkspaceResolver workspace, List<ValidationError> errors)
    {
        if (input.Endpoints is [var endpoint, ..])
        {
            var url = workspace.ResolveEndpointUrl(endpoint.EndpointName ?? string.Empty);
            errors.AddRange(url.Errors);
            // The model named beside the endpoint (as SageMaker takes it) gives the payload defaults and a Default job's
            // candidates; an Advanced job only benchmarks the endpoint, so there a model that does not resolve is ignored.
            var modelErrors = new List<ValidationError>();
            var behind = string.IsNullOrEmpty(input.ModelName) && string.IsNullOrEmpty(input.ModelPackageVersionArn) ? null
                : ResolveModelSource(input, workspace, modelErrors);
            errors.AddRange(candidates ? modelErrors : []);
            return url.Succeeded ? new ModelSource(behind?.Model, behind?.ModelDirectory, url.Value) : null;
        }

        return ResolveModelSource(input, workspace, errors);
    }

    private static ModelSource? ResolveModelSource(RecommendationJobInputConfig input, WorkspaceResolver workspace, List<ValidationError> errors)
    {
        var model = workspace.ResolveModel(input);
        errors.AddRange(model.Errors);
        if (!model.Succeeded)
        {
            return null;
        }

        if (model.Value.PrimaryContainer?.ModelDataUrl is not { Length: > 0 } dataUrl)
        {
            return new ModelSource(model.Value, null, null);
        }

        var directory = workspace.ResolveLocation(dataUrl, $"Models[{model.Value.ModelName}].PrimaryContainer.ModelDataUrl");
        errors.AddRange(directory.Errors);
        return directory.Succeeded ? new ModelSource(model.Value, directory.Value, null) : null;
    }

    private static ITrafficSchedule? ScheduleOf(CreateInferenceRecommendationsJobRequest request, int windowSeconds, List<ValidationError> errors)
    {
        var pattern = request.InputConfig!.TrafficPattern;
        if (pattern?.TrafficType == "STAIRS" && pattern.Stairs is { } s)
        {
            return new StairsSchedule(TimeSpan.FromSeconds(s.DurationInSeconds!.Value), s.NumberOfSteps!.Value, s.UsersPerStep!.Value);
        }

        if (pattern?.TrafficType == "PHASES" && pattern.Phases is { Count: > 0 } phases)
        {
            return new PhasesSchedule([.. phases.Select(p =>
                new PhaseSpec(p.InitialNumberOfUsers!.Value, p.SpawnRate ?? 0, TimeSpan.FromSeconds(p.DurationInSeconds!.Value)))]);
        }

        if (request.JobType == "Default")
        {
            return DefaultJob.Schedule(windowSeconds);
        }

        errors.Add(new ValidationError("InputConfig.TrafficPattern", "an Advanced job needs a TrafficPattern with TrafficType PHASES or STAIRS"));
        return null;
    }

    private static List<TestPlan> PlanTests(CreateInferenceRecommendationsJobRequest request, bool hasModel, InstanceCatalog catalog, JobPlanningOptions options,
        List<ValidationError> errors)
    {
        var input = request.InputConfig!;
        // An existing endpoint is benchmarked as it is: one test, on no instance type of ours; beside it, a Default job
        // with the model behind it tests its candidates too, as SageMaker does.
        var existing = input.Endpoints is { Count: > 0 } ? 1 : 0;
        var candidates = existing == 0 || (request.JobType == "Default" && hasModel);
        List<EndpointInputConfiguration> configurations = input.EndpointConfigurations is { Count: > 0 } given ? given
            : [.. Enumerable.Repeat(new EndpointInputConfiguration(), existing), .. candidates ? DefaultJob.Configurations(input, catalog, options, RightSizeTags.GetEmulateProportional(request)) : []];
        if (request.JobType == "Default" && candidates && configurations.Count == existing)
        {
            errors.Add(new ValidationError("InputConfig.ContainerConfig.SupportedInstanceTypes", DefaultJob.NoCandidate(options)));
        }

        // A Default job's candidates from ContainerConfig.SupportedInstanceTypes are named there, one to one.
        var fromSupported = input.EndpointConfigurations is not { Count: > 0 } && candidates
            && input.ContainerConfig?.SupportedInstanceTypes is { Count: > 0 };
        var count = TestMatrix.Count(configurations);
        if (input.ResourceLimit?.MaxNumberOfTests is { } max && count > max)
        {
            errors.Add(new ValidationError("InputConfig.ResourceLimit.MaxNumberOfTests",
                $"the endpoint configurations and their EnvironmentParameterRanges make {count} tests, more than MaxNumberOfTests {max}; raise MaxNumberOfTests or remove configurations or values"));
        }

        var tests = new List<TestPlan>();
        foreach (var (configIndex, configuration, parameters) in TestMatrix.Expand(configurations))
        {
            var index = tests.Count;
            var test = new TestPlan
            {
                Index = index,
                Configuration = configuration,
                EndpointName = EndpointNameFor(request.JobName!, index),
                EnvironmentParameters = parameters,
            };
            if (configuration.InstanceType is { } name)
            {
                var path = fromSupported ? $"InputConfig.ContainerConfig.SupportedInstanceTypes[{configIndex - existing}]"
                    : $"InputConfig.EndpointConfigurations[{configIndex}].InstanceType";
                if (catalog.TryGet(name, out var type))
                {
                    test = test with
                    {
                        Resources = new EndpointResources(type.VCpus, type.MemoryGiB),
                        PricePerHour = type.PricePerHour,
                        Accelerator = Accelerators.Of(type),
                        Caveats = type.Verified ? [] : [PriceUnverified(type)],
                    };
                }
                else
                {
                    errors.Add(new ValidationError(path, catalog.DescribeUnknown(name)));
                }
            }
            else if (configuration.ServerlessConfig?.MemorySizeInMB is { } memory)
            {
                test = test with { Resources = ServerlessRules.ResourcesFor(memory) };
            }

            tests.Add(test);
        }

        return tests;
    }

    /// <summary>
    /// A type the request names (EndpointConfigurations or ContainerConfig.SupportedInstanceTypes) that this host cannot
    /// give its resources to is refused at create time, naming the field and the ways out; a Default job's own
    /// candidates from the catalog are chosen to fit and only fail their test if they do not.
    /// </summary>
    private static IEnumerable<ValidationError> TooLargeForHost(RecommendationJobInputConfig input, List<TestPlan> before, List<TestPlan> after)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < after.Count; i++)
        {
            if (before[i].PlanningFailure is not null || after[i].PlanningFailure is not { } failure || after[i].Configuration.InstanceType is not { } name)
            {
                continue;
            }

            var path = input.EndpointConfigurations is { Count: > 0 } given ? $"InputConfig.EndpointConfigurations[{given.IndexOf(after[i].Configuration)}].InstanceType"
                : input.ContainerConfig?.SupportedInstanceTypes is { Count: > 0 } supported ? $"InputConfig.ContainerConfig.SupportedInstanceTypes[{supported.IndexOf(name)}]"
                : null;
            if (path is not null && seen.Add(path))
            {
                yield return new ValidationError(path, failure);
            }
        }
    }

    /// <summary>
    /// Cost numbers rest on the catalog's price; one not checked against AWS says so wherever they appear. A type without
    /// a known price runs all the same: its cost is not available (NaN in the API, as SageMaker reports a missing metric).
    /// </summary>
    private static Caveat PriceUnverified(InstanceType type) => new(CaveatKind.PriceUnverified, double.IsNaN(type.PricePerHour)
        ? string.Create(CultureInfo.InvariantCulture,
            $"{type.Name} has no known price: cost per hour and per inference are not available (NaN in the API, n/a in the CLI and report); add it to the workspace's InstanceTypes with its PricePerHour, e.g. {{\"InstanceType\": \"{type.Name}\", \"VCpus\": {type.VCpus}, \"MemoryGiB\": {type.MemoryGiB}, \"Gpus\": {type.Gpus}, \"PricePerHour\": ...}}")
        : string.Create(CultureInfo.InvariantCulture,
            $"{type.Name}'s {type.PricePerHour:0.####} USD/hour is not verified ({type.PriceSource ?? "no source given"}): cost per hour and per inference are as good as that price"));

    /// <summary>SageMaker's endpoint name pattern allows 63 letters, digits and hyphens.</summary>
    private static string EndpointNameFor(string jobName, int index)
    {
        var suffix = $"-{index + 1}";
        var stem = jobName.Length + suffix.Length <= 63 ? jobName : jobName[..(63 - suffix.Length)].TrimEnd('-');
        return stem + suffix;
    }
}
