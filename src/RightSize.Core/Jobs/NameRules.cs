namespace RightSize.Jobs;

/// <summary>SageMaker's job and model name rules, for API requests that carry only a name (Describe, Stop, Delete...).</summary>
public static class NameRules
{
    public static IReadOnlyList<ValidationError> ValidateJobName(string? value, string path = "JobName") =>
        Run(context => CheckJobName(context, value, path));

    public static IReadOnlyList<ValidationError> ValidateModelName(string? value, string path = "ModelName") =>
        Run(context => CheckModelName(context, value, path, required: true));

    internal static void CheckJobName(ValidationContext context, string? value, string path)
    {
        if (context.Required(value, path, "a job name (letters, digits and hyphens, up to 64)"))
        {
            context.Text(value, path, 1, 64, SageMakerPatterns.JobName(), "letters and digits, with hyphens between them, up to 64 characters");
        }
    }

    internal static void CheckModelName(ValidationContext context, string? value, string path, bool required)
    {
        if (!required || context.Required(value, path, "a model name (letters, digits and hyphens, up to 63)"))
        {
            context.Text(value, path, 0, 63, SageMakerPatterns.ModelName(), "letters and digits, with hyphens between them, up to 63 characters");
        }
    }

    internal static void CheckVpc(ValidationContext context, List<string>? securityGroupIds, List<string>? subnets, string path)
    {
        CheckVpcIds(context, securityGroupIds, $"{path}.SecurityGroupIds", 5);
        CheckVpcIds(context, subnets, $"{path}.Subnets", 16);
    }

    private static void CheckVpcIds(ValidationContext context, List<string>? ids, string path, int max)
    {
        if (!context.Required(ids, path, $"1-{max} ids"))
        {
            return;
        }

        context.Count(ids, path, new(1, max), "ids");
        for (var i = 0; i < ids.Count; i++)
        {
            context.Text(ids[i], $"{path}[{i}]", 1, 32, SageMakerPatterns.VpcId(), "letters, digits and hyphens, up to 32 characters");
        }
    }

    private static IReadOnlyList<ValidationError> Run(Action<ValidationContext> check)
    {
        var context = new ValidationContext(JobValidationOptions.Strict);
        check(context);
        return context.Errors;
    }
}
