using RightSize.Jobs;

namespace RightSize.Models;

/// <summary>Checks a CreateModel request (API body or workspace entry) by SageMaker's shape plus RightSize's image rules.</summary>
public static class ModelValidator
{
    private static readonly IntRange EnvironmentEntries = new(0, 100);

    /// <param name="prefix">Path prefix for messages, e.g. <c>Models[0]</c>; empty for an API body.</param>
    public static IReadOnlyList<ValidationError> Validate(CreateModelRequest model, string prefix = "")
    {
        var context = new ValidationContext(JobValidationOptions.Strict);
        var at = (string member) => prefix.Length == 0 ? member : $"{prefix}.{member}";

        NameRules.CheckModelName(context, model.ModelName, at("ModelName"), required: true);

        if (model.ExecutionRoleArn is not null)
        {
            context.Text(model.ExecutionRoleArn, at("ExecutionRoleArn"), 20, 2048, SageMakerPatterns.RoleArn(),
                "arn:aws:iam::<12-digit account>:role/<name>");
        }

        if (context.Required(model.PrimaryContainer, at("PrimaryContainer"), "Image and, for builtin:xgboost, ModelDataUrl"))
        {
            CheckContainer(context, model.PrimaryContainer, at("PrimaryContainer"));
        }

        if (model.VpcConfig is { } vpc)
        {
            NameRules.CheckVpc(context, vpc.SecurityGroupIds, vpc.Subnets, at("VpcConfig"));
        }

        TagRules.Check(context, model.Tags, at("Tags"));
        return context.Errors;
    }

    internal static void CheckContainer(ValidationContext context, ContainerDefinition container, string path)
    {
        if (context.Required(container.Image, $"{path}.Image", "builtin:xgboost, builtin:onnx, builtin:synthetic, builtin:llm-synthetic, process, or a Docker image"))
        {
            context.Length(container.Image, $"{path}.Image", 0, 255);
            if (container.Image.Any(char.IsWhiteSpace))
            {
                context.Add($"{path}.Image", "must not contain whitespace");
            }
        }

        ContainerConfigRules.CheckObjectLocation(context, container.ModelDataUrl, $"{path}.ModelDataUrl");
        if (container.Image == BuiltInImages.Xgboost && string.IsNullOrEmpty(container.ModelDataUrl))
        {
            context.Add($"{path}.ModelDataUrl", "required for builtin:xgboost: the folder or file of an XGBoost JSON model");
        }

        if (container.Image == BuiltInImages.Onnx && string.IsNullOrEmpty(container.ModelDataUrl))
        {
            context.Add($"{path}.ModelDataUrl", "required for builtin:onnx: the folder that holds model.onnx");
        }

        var environment = container.Environment;
        if (container.Image == BuiltInImages.Process
            && (environment is null || !environment.TryGetValue(BuiltInImages.ProcessCommandVariable, out var command) || string.IsNullOrWhiteSpace(command)))
        {
            context.Add($"{path}.Environment", $"required for Image process: {BuiltInImages.ProcessCommandVariable}, the command that serves the model");
        }

        if (environment is not null)
        {
            context.Count(environment, $"{path}.Environment", EnvironmentEntries, "variables");
            foreach (var (key, value) in environment)
            {
                var entryPath = $"{path}.Environment[\"{key}\"]";
                context.Text(key, entryPath, 1, 1024, SageMakerPatterns.EnvironmentName(),
                    "an environment variable name: a letter or _, then letters, digits or _");
                context.Length(value, entryPath, 0, 1024);
            }
        }
    }
}
