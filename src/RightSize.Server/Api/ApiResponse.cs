using System.Text.Json.Serialization.Metadata;
using RightSize.Jobs;

namespace RightSize.Server.Api;

/// <summary>What an operation answers: a JSON body with its HTTP status. Client mistakes are values, never exceptions.</summary>
internal sealed record ApiResponse(int StatusCode, string Json)
{
    public const int MaxErrors = 50;

    public const int MaxErrorLength = 1000;

    public static ApiResponse EmptyOk { get; } = new(200, "{}");

    public static ApiResponse Ok<T>(T value, JsonTypeInfo<T> typeInfo) => new(200, SageMakerJson.Serialize(value, typeInfo));

    public static ApiResponse Error(string type, string message, int statusCode = 400) =>
        new(statusCode, SageMakerJson.Serialize(new AwsErrorResponse { Type = type, Message = message }, SageMakerJsonContext.Default.AwsErrorResponse));

    /// <summary>
    /// Every error up to <see cref="MaxErrors"/>, each at most <see cref="MaxErrorLength"/> characters, so a small request
    /// cannot ask for a huge answer. SerializationException when any value could not be read as its type (AWS reads the
    /// body before it validates), else ValidationException; either way the message lists every error.
    /// </summary>
    public static ApiResponse Validation(IReadOnlyList<ValidationError> errors)
    {
        var shown = errors.Take(MaxErrors).Select(e => ValidationError.Shorten(e.ToString(), MaxErrorLength));
        var more = errors.Count > MaxErrors ? $"; and {errors.Count - MaxErrors} more errors" : string.Empty;
        return Error(errors.Any(e => e.Unreadable) ? ErrorCodes.Serialization : ErrorCodes.Validation, string.Join("; ", shown) + more);
    }

    public static ApiResponse Validation(string path, string message) => Validation([new ValidationError(path, message)]);

    public static ApiResponse NotFound(string message) => Error(ErrorCodes.ResourceNotFound, message);
}

/// <summary>The AWS error codes the API answers with (botocore turns each into its exception class).</summary>
internal static class ErrorCodes
{
    public const string Validation = "ValidationException";
    public const string ResourceInUse = "ResourceInUse";
    public const string ResourceNotFound = "ResourceNotFound";
    public const string Conflict = "ConflictException";
    public const string ResourceLimitExceeded = "ResourceLimitExceeded";
    public const string UnknownOperation = "UnknownOperationException";
    public const string Serialization = "SerializationException";
    public const string MissingAuthentication = "MissingAuthenticationTokenException";
    public const string UnrecognizedClient = "UnrecognizedClientException";
    public const string InvalidSignature = "InvalidSignatureException";
    public const string RequestTooLarge = "RequestEntityTooLargeException";
}
