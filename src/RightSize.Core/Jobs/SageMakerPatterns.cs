using System.Text.RegularExpressions;

namespace RightSize.Jobs;

/// <summary>SageMaker's member patterns (botocore service model), anchored because SageMaker matches whole values.</summary>
internal static partial class SageMakerPatterns
{
    [GeneratedRegex(@"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,63}\z")]
    public static partial Regex JobName();

    [GeneratedRegex(@"^[a-zA-Z0-9]([\-a-zA-Z0-9]*[a-zA-Z0-9])?\z")]
    public static partial Regex ModelName();

    [GeneratedRegex(@"^[a-zA-Z0-9](-*[a-zA-Z0-9]){0,62}\z")]
    public static partial Regex ResourceName63();

    [GeneratedRegex(@"^[a-zA-Z0-9\-]+\z")]
    public static partial Regex NameContains();

    [GeneratedRegex(@"^arn:aws[a-z\-]*:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+\z")]
    public static partial Regex RoleArn();

    [GeneratedRegex(@"^arn:aws[a-z\-]*:sagemaker:[a-z0-9\-]{9,16}:[0-9]{12}:model-package/[\S]{1,2048}\z")]
    public static partial Regex ModelPackageVersionArn();

    [GeneratedRegex(@"^[a-zA-Z0-9:/_-]*\z")]
    public static partial Regex KmsKeyId();

    [GeneratedRegex(@"^(https|s3)://([^/]+)/?(.*)\z", RegexOptions.Singleline)]
    public static partial Regex S3OrHttpsUrl();

    [GeneratedRegex(@"^[a-zA-Z][a-zA-Z0-9+.\-]*://")]
    public static partial Regex AnyScheme();

    [GeneratedRegex(@"^[0-9]\.[A-Za-z0-9.-]+\z")]
    public static partial Regex FrameworkVersion();

    [GeneratedRegex(@"^[-\w]+\/.+\z")]
    public static partial Regex MimeType();

    [GeneratedRegex(@"^[-0-9a-zA-Z]+\z")]
    public static partial Regex VpcId();

    [GeneratedRegex(@"^[a-zA-Z_][a-zA-Z0-9_]*\z")]
    public static partial Regex EnvironmentName();

    [GeneratedRegex(@"^[\p{L}\p{Z}\p{N}_.:/=+\-@]*\z")]
    public static partial Regex TagText();

    /// <summary>
    /// SageMaker's <c>(https|s3)://bucket/key</c>, plus what RightSize resolves locally: <c>file://</c> URLs and plain
    /// paths (anything without a scheme).
    /// </summary>
    public static bool IsObjectLocation(string value) =>
        S3OrHttpsUrl().IsMatch(value)
        || value.StartsWith("file://", StringComparison.OrdinalIgnoreCase)
        || !AnyScheme().IsMatch(value);
}
