namespace RightSize.Jobs;

/// <summary><c>InputConfig.ContainerConfig</c>: payload location and content types, plus SageMaker's descriptive fields by shape.</summary>
internal static class ContainerConfigRules
{
    private static readonly string[] EndpointTypes = ["RealTime", "Serverless"];

    public static void Check(ValidationContext context, RecommendationJobContainerConfig container, string path)
    {
        context.Text(container.FrameworkVersion, $"{path}.FrameworkVersion", 3, 10, SageMakerPatterns.FrameworkVersion(),
            "a version such as 1.7 or 2.1.0");
        context.OneOf(container.SupportedEndpointType, $"{path}.SupportedEndpointType", EndpointTypes);
        context.Length(container.DataInputConfig, $"{path}.DataInputConfig", 1, 1024);
        if (container.SupportedResponseMIMETypes is { } mimeTypes)
        {
            for (var i = 0; i < mimeTypes.Count; i++)
            {
                context.Text(mimeTypes[i], $"{path}.SupportedResponseMIMETypes[{i}]", 0, 1024, SageMakerPatterns.MimeType(),
                    "a MIME type such as text/csv");
            }
        }

        if (container.PayloadConfig is { } payload)
        {
            CheckPayload(context, payload, $"{path}.PayloadConfig");
        }
    }

    private static void CheckPayload(ValidationContext context, RecommendationJobPayloadConfig payload, string path)
    {
        CheckObjectLocation(context, payload.SamplePayloadUrl, $"{path}.SamplePayloadUrl");
        if (payload.SupportedContentTypes is { } types)
        {
            for (var i = 0; i < types.Count; i++)
            {
                context.Length(types[i], $"{path}.SupportedContentTypes[{i}]", 0, 256);
            }
        }
    }

    /// <summary>SageMaker's S3 URL rule widened to what RightSize resolves locally (see <see cref="SageMakerPatterns.IsObjectLocation"/>).</summary>
    internal static void CheckObjectLocation(ValidationContext context, string? value, string path)
    {
        context.Length(value, path, 0, 1024);
        if (value is { Length: > 0 } && !SageMakerPatterns.IsObjectLocation(value))
        {
            context.Add(path, $"'{value}' is not a supported location: use s3://bucket/key, file:///path, or a local path");
        }
    }
}
