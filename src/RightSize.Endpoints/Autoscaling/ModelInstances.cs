using RightSize.Catalog;
using RightSize.Endpoints;
using RightSize.Jobs;
using RightSize.Load;
using RightSize.Models;
using RightSize.Workspaces;

namespace RightSize.Autoscaling;

/// <summary>A model resolved from the workspace (or a synthetic one), ready to start local instances of.</summary>
public sealed record ModelInstances(CreateModelRequest Model, string? ModelDirectory, string? InstanceType, EndpointResources? Resources, Payload Payload)
{
    /// <summary>
    /// A workspace model on an optional catalog instance type, with the given body or the model's default payload. Errors
    /// name ModelName, InstanceType or Payload (or the workspace field).
    /// </summary>
    public static Result<ModelInstances> FromWorkspace(string? workspacePath, string workingDirectory, string modelName, string? instanceType, Payload? body)
    {
        var workspace = WorkspaceFile.Load(workspacePath, workingDirectory);
        if (!workspace.Succeeded)
        {
            return Result<ModelInstances>.Failure(workspace.Errors);
        }

        var resolver = new WorkspaceResolver(workspace.Value);
        var model = resolver.ResolveModel(modelName, "ModelName");
        if (!model.Succeeded)
        {
            return Result<ModelInstances>.Failure(model.Errors);
        }

        EndpointResources? resources = null;
        if (instanceType is not null)
        {
            var catalog = InstanceCatalog.BuiltIn.WithOverrides(workspace.Value.InstanceTypes);
            if (!catalog.TryGet(instanceType, out var type))
            {
                return Result<ModelInstances>.Failure("InstanceType", catalog.DescribeUnknown(instanceType));
            }

            resources = new EndpointResources(type.VCpus, type.MemoryGiB);
        }

        string? directory = null;
        if (model.Value.PrimaryContainer?.ModelDataUrl is { Length: > 0 } dataUrl)
        {
            var location = resolver.ResolveLocation(dataUrl, $"Models[{modelName}].PrimaryContainer.ModelDataUrl");
            if (!location.Succeeded)
            {
                return Result<ModelInstances>.Failure(location.Errors);
            }

            directory = location.Value;
        }

        if (body is null)
        {
            var payloads = JobPayloads.Load(new RecommendationJobInputConfig { ModelName = modelName }, model.Value, resolver);
            if (!payloads.Succeeded)
            {
                return Result<ModelInstances>.Failure([.. payloads.Errors.Select(e => e with { Path = "Payload" })]);
            }

            body = payloads.Value[0];
        }

        return Result<ModelInstances>.Success(new ModelInstances(model.Value, directory, instanceType, resources, body));
    }

    /// <summary>The reference model server in synthetic mode: capacity slots / service time.</summary>
    public static ModelInstances Synthetic(int slots, double serviceTimeMs) => new(
        new CreateModelRequest
        {
            ModelName = "synthetic",
            PrimaryContainer = new ContainerDefinition
            {
                Image = LocalProcessEndpointProvider.BuiltinSynthetic,
                Environment = new Dictionary<string, string>
                {
                    ["RIGHTSIZE_SYNTHETIC_SLOTS"] = slots.ToString(System.Globalization.CultureInfo.InvariantCulture),
                    ["RIGHTSIZE_SYNTHETIC_SERVICE_TIME_MS"] = serviceTimeMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
                },
            },
        },
        null,
        null,
        null,
        new Payload("0.5,1.5,2.5,3.5"u8.ToArray(), "text/csv"));

    /// <summary>Starts one instance and waits until it is healthy; a failure to start is a value.</summary>
    public Task<EndpointProvisioning> StartAsync(string endpointName, HttpClient http, TimeProvider time, CancellationToken cancellationToken)
    {
        var provider = new LocalProcessEndpointProvider(new LocalProcessOptions(), http, Payload, time);
        var request = new EndpointRequest
        {
            EndpointName = endpointName,
            Model = Model,
            ModelDirectory = ModelDirectory,
            InstanceType = InstanceType,
            Resources = Resources,
            Environment = Model.PrimaryContainer?.Environment ?? [],
        };
        return provider.CanProvision(request)
            ? provider.ProvisionAsync(request, cancellationToken)
            : Task.FromResult(EndpointProvisioning.Failed(
                $"model '{Model.ModelName}': image '{Model.PrimaryContainer?.Image}' cannot run as a local process (builtin:synthetic, builtin:xgboost, builtin:onnx or process)"));
    }
}
