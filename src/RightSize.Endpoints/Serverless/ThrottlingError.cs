using System.Text.Json.Serialization;

namespace RightSize.Endpoints.Serverless;

/// <summary>The body of a 429 from the serverless gate, shaped like SageMaker Runtime's error.</summary>
internal sealed record ThrottlingError(string ErrorCode, string Message);

[JsonSerializable(typeof(ThrottlingError))]
internal sealed partial class ServerlessJsonContext : JsonSerializerContext;
