namespace RightSize.Jobs;

/// <summary>
/// <c>InputConfig</c>: the model source, job duration, resource limits and the fields that RightSize checks by shape
/// only (KMS key, VPC). Model source rule: exactly one of ModelName and ModelPackageVersionArn names the model;
/// <c>Endpoints</c> (an existing endpoint) may accompany either or stand alone.
/// </summary>
internal static class InputConfigRules
{
    private const string Path = "InputConfig";
    private static readonly IntRange JobDuration = new(1, 18_000);
    private static readonly IntRange TestLimit = new(1, 10);

    public static void Check(ValidationContext context, RecommendationJobInputConfig input, bool advanced)
    {
        CheckModelSource(context, input);
        var durationOk = context.Range(input.JobDurationInSeconds, $"{Path}.JobDurationInSeconds", JobDuration);

        if (input.TrafficPattern is { } traffic)
        {
            TrafficPatternRules.Check(context, traffic, durationOk ? input.JobDurationInSeconds : null);
        }
        else if (advanced)
        {
            context.Add($"{Path}.TrafficPattern", "required for Advanced jobs: set TrafficType PHASES with Phases, or STAIRS with Stairs");
        }

        if (input.ResourceLimit is { } limit)
        {
            context.Range(limit.MaxNumberOfTests, $"{Path}.ResourceLimit.MaxNumberOfTests", TestLimit);
            context.Range(limit.MaxParallelOfTests, $"{Path}.ResourceLimit.MaxParallelOfTests", TestLimit);
        }

        var hasEndpoints = input.Endpoints is { Count: > 0 };
        if (input.EndpointConfigurations is { } configurations)
        {
            if (hasEndpoints)
            {
                context.Add($"{Path}.EndpointConfigurations",
                    "cannot be combined with InputConfig.Endpoints: an existing endpoint is benchmarked as it is; remove one of them");
            }

            EndpointConfigurationRules.Check(context, configurations, $"{Path}.EndpointConfigurations");
        }
        else if (advanced && !hasEndpoints)
        {
            context.Add($"{Path}.EndpointConfigurations",
                "required for Advanced jobs: 1-10 entries, each with an InstanceType or a ServerlessConfig");
        }

        context.Text(input.VolumeKmsKeyId, $"{Path}.VolumeKmsKeyId", 0, 2048, SageMakerPatterns.KmsKeyId(), "a KMS key id or ARN");
        if (input.ContainerConfig is { } container)
        {
            ContainerConfigRules.Check(context, container, $"{Path}.ContainerConfig");
        }

        CheckEndpoints(context, input.Endpoints);
        if (input.VpcConfig is { } vpc)
        {
            NameRules.CheckVpc(context, vpc.SecurityGroupIds, vpc.Subnets, $"{Path}.VpcConfig");
        }
    }

    private static void CheckModelSource(ValidationContext context, RecommendationJobInputConfig input)
    {
        var hasName = !string.IsNullOrEmpty(input.ModelName);
        var hasPackage = !string.IsNullOrEmpty(input.ModelPackageVersionArn);
        if (hasName && hasPackage)
        {
            context.Add($"{Path}.ModelPackageVersionArn", "give either InputConfig.ModelName or InputConfig.ModelPackageVersionArn, not both");
        }
        else if (!hasName && !hasPackage && input.Endpoints is not { Count: > 0 })
        {
            context.Add($"{Path}.ModelName",
                "required: a job needs a model: set InputConfig.ModelName (a model of the workspace), "
                + "InputConfig.ModelPackageVersionArn, or InputConfig.Endpoints (an existing endpoint)");
        }

        NameRules.CheckModelName(context, input.ModelName, $"{Path}.ModelName", required: false);
        context.Text(input.ModelPackageVersionArn, $"{Path}.ModelPackageVersionArn", 1, 2048, SageMakerPatterns.ModelPackageVersionArn(),
            "arn:aws:sagemaker:<region>:<12-digit account>:model-package/<name>/<version>");
    }

    private static void CheckEndpoints(ValidationContext context, List<EndpointInfo>? endpoints)
    {
        if (endpoints is null)
        {
            return;
        }

        context.Count(endpoints, $"{Path}.Endpoints", new(0, 1), "endpoints");
        for (var i = 0; i < endpoints.Count; i++)
        {
            var path = $"{Path}.Endpoints[{i}].EndpointName";
            if (context.Required(endpoints[i].EndpointName, path, "the name of an endpoint of the workspace (rightsize.json Endpoints)"))
            {
                context.Text(endpoints[i].EndpointName, path, 0, 63, SageMakerPatterns.ResourceName63(),
                    "letters and digits, with hyphens between them, up to 63 characters");
            }
        }
    }
}
