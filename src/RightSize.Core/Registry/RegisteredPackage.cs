using RightSize.Jobs;
using RightSize.Models;

namespace RightSize.Registry;

/// <summary>
/// What a job that names a registered package version takes from it, as SageMaker's Inference Recommender does: the
/// container becomes the endpoint's model, and Domain, Task, framework, payload, content types and real-time instance
/// types fill the job's ContainerConfig where the job leaves them out (the job's own fields win).
/// </summary>
public static class RegisteredPackage
{
    /// <summary>The job as it runs on <paramref name="package"/> (registered as <paramref name="arn"/>), and the model it serves.</summary>
    public static Result<PackageJob> Apply(
        CreateInferenceRecommendationsJobRequest job, CreateModelPackageRequest package, string arn)
    {
        var spec = package.InferenceSpecification;
        if (spec?.Containers is not [var container])
        {
            return Result<PackageJob>.Failure("InputConfig.ModelPackageVersionArn",
                $"model package '{arn}' has {spec?.Containers?.Count ?? 0} containers; RightSize serves a model of one container: register a version with one");
        }

        var model = new CreateModelRequest { ModelName = arn, PrimaryContainer = ToContainer(container, arn) };
        var input = job.InputConfig ?? new RecommendationJobInputConfig();
        var own = input.ContainerConfig ?? new RecommendationJobContainerConfig();
        var payload = own.PayloadConfig ?? new RecommendationJobPayloadConfig();
        payload = payload with
        {
            SamplePayloadUrl = payload.SamplePayloadUrl ?? package.SamplePayloadUrl,
            SupportedContentTypes = payload.SupportedContentTypes ?? spec.SupportedContentTypes,
        };
        var filled = own with
        {
            Domain = own.Domain ?? package.Domain,
            Task = own.Task ?? package.Task,
            Framework = own.Framework ?? container.Framework,
            FrameworkVersion = own.FrameworkVersion ?? container.FrameworkVersion,
            NearestModelName = own.NearestModelName ?? container.NearestModelName,
            SupportedInstanceTypes = own.SupportedInstanceTypes ?? spec.SupportedRealtimeInferenceInstanceTypes,
            SupportedResponseMIMETypes = own.SupportedResponseMIMETypes ?? spec.SupportedResponseMIMETypes,
            PayloadConfig = payload == new RecommendationJobPayloadConfig() ? null : payload,
        };
        var containerConfig = filled == new RecommendationJobContainerConfig() ? null : filled;
        return Result<PackageJob>.Success(
            new PackageJob(job with { InputConfig = input with { ContainerConfig = containerConfig } }, model));
    }

    /// <summary>A package's container as CreateModel's PrimaryContainer (what the endpoint runs).</summary>
    public static ContainerDefinition ToContainer(ModelPackageContainerDefinition container, string? arn) => new()
    {
        Image = container.Image,
        ModelDataUrl = container.ModelDataUrl,
        Environment = container.Environment,
        ModelPackageName = arn,
    };
}

/// <summary>A job as it runs on a registered package, and the model the package makes.</summary>
public sealed record PackageJob(CreateInferenceRecommendationsJobRequest Job, CreateModelRequest Model);
