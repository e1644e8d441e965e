namespace RightSize.Jobs;

/// <summary><c>InputConfig.EndpointConfigurations</c>: instance types, serverless settings and environment parameter ranges.</summary>
internal static class EndpointConfigurationRules
{
    private static readonly IntRange Entries = new(1, 10);
    private static readonly IntRange ServerlessMemory = new(1024, 6144);
    private static readonly IntRange ServerlessConcurrency = new(1, 200);

    public static void Check(ValidationContext context, List<EndpointInputConfiguration> configurations, string path)
    {
        context.Count(configurations, path, Entries, "entries");
        for (var i = 0; i < configurations.Count; i++)
        {
            CheckOne(context, configurations[i], $"{path}[{i}]");
        }
    }

    private static void CheckOne(ValidationContext context, EndpointInputConfiguration configuration, string path)
    {
        var hasInstance = !string.IsNullOrEmpty(configuration.InstanceType);
        if (hasInstance == configuration.ServerlessConfig is not null)
        {
            context.Add(path, "give exactly one of InstanceType (e.g. ml.c5.xlarge or local.cpu2) and ServerlessConfig");
        }

        if (hasInstance && context.Options.Catalog is { } catalog && !catalog.TryGet(configuration.InstanceType!, out _))
        {
            context.Add($"{path}.InstanceType", catalog.DescribeUnknown(configuration.InstanceType!));
        }

        if (configuration.ServerlessConfig is { } serverless)
        {
            CheckServerless(context, serverless, $"{path}.ServerlessConfig");
        }

        context.Text(configuration.InferenceSpecificationName, $"{path}.InferenceSpecificationName", 1, 63,
            SageMakerPatterns.ResourceName63(), "letters and digits, with hyphens between them, up to 63 characters");
        if (configuration.EnvironmentParameterRanges is { } ranges)
        {
            CheckParameterRanges(context, ranges, $"{path}.EnvironmentParameterRanges");
        }
    }

    private static void CheckServerless(ValidationContext context, ProductionVariantServerlessConfig serverless, string path)
    {
        if (context.Required(serverless.MemorySizeInMB, $"{path}.MemorySizeInMB", "1024, 2048, 3072, 4096, 5120 or 6144")
            && context.Range(serverless.MemorySizeInMB, $"{path}.MemorySizeInMB", ServerlessMemory, " (use 1024, 2048, 3072, 4096, 5120 or 6144)")
            && serverless.MemorySizeInMB % 1024 != 0)
        {
            context.Add($"{path}.MemorySizeInMB", $"{serverless.MemorySizeInMB} is not a multiple of 1024; use 1024, 2048, 3072, 4096, 5120 or 6144");
        }

        if (context.Required(serverless.MaxConcurrency, $"{path}.MaxConcurrency", "the endpoint's concurrency limit, 1-200"))
        {
            context.Range(serverless.MaxConcurrency, $"{path}.MaxConcurrency", ServerlessConcurrency);
        }

        if (serverless.ProvisionedConcurrency is not null)
        {
            // SageMaker: "This field is not supported for serverless endpoint recommendations for Inference Recommender jobs."
            context.Add($"{path}.ProvisionedConcurrency", "not supported for Inference Recommender jobs; remove it");
        }
    }

    private static void CheckParameterRanges(ValidationContext context, EnvironmentParameterRanges ranges, string path)
    {
        path += ".CategoricalParameterRanges";
        if (!context.Required(ranges.CategoricalParameterRanges, path, "1-5 parameters, each a Name and 1-3 values"))
        {
            return;
        }

        var parameters = ranges.CategoricalParameterRanges;
        context.Count(parameters, path, new(1, 5), "parameters");
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < parameters.Count; i++)
        {
            var itemPath = $"{path}[{i}]";
            var name = parameters[i].Name;
            if (context.Required(name, $"{itemPath}.Name", "an environment variable name"))
            {
                context.Text(name, $"{itemPath}.Name", 1, 64, SageMakerPatterns.EnvironmentName(),
                    "an environment variable name: a letter or _, then letters, digits or _");
                if (!names.Add(name))
                {
                    context.Add($"{itemPath}.Name", $"'{name}' is given twice; list all its values in one entry");
                }
            }

            if (context.Required(parameters[i].Value, $"{itemPath}.Value", "1-3 values to try"))
            {
                context.Count(parameters[i].Value, $"{itemPath}.Value", new(1, 3), "values");
                for (var v = 0; v < parameters[i].Value!.Count; v++)
                {
                    context.Length(parameters[i].Value![v], $"{itemPath}.Value[{v}]", 0, 128);
                }
            }
        }
    }
}
