namespace RightSize.Jobs;

/// <summary>
/// The text filters of ListInferenceRecommendationsJobs and ListModels against SageMaker's patterns (botocore service
/// model), so a filter that can match nothing is a mistake named by its field, as SageMaker answers it. An empty filter
/// filters nothing (the model allows length 0).
/// </summary>
public static class ListFilterRules
{
    public static IReadOnlyList<ValidationError> ValidateJobList(ListInferenceRecommendationsJobsRequest request)
    {
        var context = new ValidationContext(new JobValidationOptions());
        NameContains(context, request.NameContains);
        if (!string.IsNullOrEmpty(request.ModelNameEquals))
        {
            context.Text(request.ModelNameEquals, "ModelNameEquals", 0, 63, SageMakerPatterns.ModelName(),
                "a model name: letters, digits and hyphens, starting and ending with a letter or digit");
        }

        if (!string.IsNullOrEmpty(request.ModelPackageVersionArnEquals))
        {
            context.Text(request.ModelPackageVersionArnEquals, "ModelPackageVersionArnEquals", 1, 2048, SageMakerPatterns.ModelPackageVersionArn(),
                "a model package ARN such as arn:aws:sagemaker:us-east-1:123456789012:model-package/name/1");
        }

        return context.Errors;
    }

    public static IReadOnlyList<ValidationError> ValidateModelList(string? nameContains)
    {
        var context = new ValidationContext(new JobValidationOptions());
        NameContains(context, nameContains);
        return context.Errors;
    }

    private static void NameContains(ValidationContext context, string? value)
    {
        if (!string.IsNullOrEmpty(value))
        {
            context.Text(value, "NameContains", 0, 63, SageMakerPatterns.NameContains(), "letters, digits and hyphens (part of a name)");
        }
    }
}
