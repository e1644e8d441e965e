namespace RightSize.Workspaces;

/// <summary>An existing endpoint a job can benchmark through <c>InputConfig.Endpoints</c>: its name and invocation URL.</summary>
public sealed record WorkspaceEndpoint
{
    public required string EndpointName { get; init; }

    /// <summary>The URL to POST invocations to (http or https), e.g. <c>http://127.0.0.1:8080/invocations</c>.</summary>
    public required string Url { get; init; }

    /// <summary>
    /// The inference component its requests invoke (SageMaker's <c>X-Amzn-SageMaker-Inference-Component</c> header, as
    /// InvokeEndpoint's InferenceComponentName); AI benchmark jobs send it unless the job names its own.
    /// </summary>
    public string? InferenceComponentName { get; init; }
}
