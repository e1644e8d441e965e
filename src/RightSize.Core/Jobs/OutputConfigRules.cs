namespace RightSize.Jobs;

/// <summary><c>OutputConfig</c>: meaningless locally (RightSize writes its own output), so checked by shape only.</summary>
internal static class OutputConfigRules
{
    public static void Check(ValidationContext context, RecommendationJobOutputConfig? output)
    {
        if (output is null)
        {
            return;
        }

        context.Text(output.KmsKeyId, "OutputConfig.KmsKeyId", 0, 2048, SageMakerPatterns.KmsKeyId(), "a KMS key id or ARN");
        var uri = output.CompiledOutputConfig?.S3OutputUri;
        context.Text(uri, "OutputConfig.CompiledOutputConfig.S3OutputUri", 0, 1024, SageMakerPatterns.S3OrHttpsUrl(),
            "s3://bucket/key or https://...");
    }
}
