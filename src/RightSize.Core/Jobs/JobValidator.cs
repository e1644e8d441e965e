namespace RightSize.Jobs;

/// <summary>
/// Checks a CreateInferenceRecommendationsJob request against SageMaker's documented rules (or the relaxed ones) and
/// returns every error at once, each with its field path and the allowed values.
/// </summary>
public static class JobValidator
{
    private static readonly string[] JobTypes = ["Default", "Advanced"];

    public static IReadOnlyList<ValidationError> Validate(CreateInferenceRecommendationsJobRequest request, JobValidationOptions? options = null)
    {
        var context = new ValidationContext(options ?? JobValidationOptions.Strict);

        NameRules.CheckJobName(context, request.JobName, "JobName");

        if (context.Required(request.JobType, "JobType", "Default or Advanced"))
        {
            context.OneOf(request.JobType, "JobType", JobTypes);
        }

        if (context.Required(request.RoleArn, "RoleArn", "an IAM role ARN such as arn:aws:iam::123456789012:role/RightSize (not used locally)"))
        {
            context.Text(request.RoleArn, "RoleArn", 20, 2048, SageMakerPatterns.RoleArn(),
                "arn:aws:iam::<12-digit account>:role/<name>");
        }

        context.Length(request.JobDescription, "JobDescription", 0, 128);

        if (context.Required(request.InputConfig, "InputConfig", "the model, traffic pattern and endpoint configurations"))
        {
            InputConfigRules.Check(context, request.InputConfig, advanced: request.JobType == "Advanced");
        }

        StoppingConditionRules.Check(context, request.StoppingConditions);
        OutputConfigRules.Check(context, request.OutputConfig);
        TagRules.Check(context, request.Tags);
        return context.Errors;
    }
}
