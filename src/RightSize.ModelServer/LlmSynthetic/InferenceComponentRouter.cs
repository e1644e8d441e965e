using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace RightSize.ModelServer.LlmSynthetic;

/// <summary>
/// Routes a request by SageMaker's <c>X-Amzn-SageMaker-Inference-Component</c> header, as an endpoint with inference
/// components does: each named component is a model copy with its own engine; a missing or unknown name (or a name sent
/// to an endpoint that hosts none) is refused with SageMaker runtime's ValidationError.
/// </summary>
internal sealed class InferenceComponentRouter
{
    public const string Header = "X-Amzn-SageMaker-Inference-Component";

    private readonly LlmEngine? _single;
    private readonly Dictionary<string, LlmEngine> _components;

    public InferenceComponentRouter(LlmSyntheticOptions options)
    {
        _components = options.InferenceComponents.ToDictionary(name => name, _ => new LlmEngine(options), StringComparer.Ordinal);
        _single = _components.Count == 0 ? new LlmEngine(options) : null;
    }

    /// <summary>The engine the request goes to, or the refusal (ErrorCode, Message).</summary>
    public (LlmEngine? Engine, string? Code, string? Message) Route(string? component)
    {
        if (_single is not null)
        {
            return string.IsNullOrEmpty(component)
                ? (_single, null, null)
                : (null, "INFERENCE_COMPONENT_NAME_NOT_ALLOWED", "Inference Component Name header is not allowed for endpoints to which you dont plan to deploy "
                    + $"inference component. Please remove the Inference Component Name header ('{component}') and try again.");
        }

        if (string.IsNullOrEmpty(component))
        {
            return (null, "INFERENCE_COMPONENT_NAME_MISSING", "Inference Component Name header is required for endpoints to which you plan to deploy inference "
                + $"components. Please include Inference Component Name header ({Hosted()}) or consider using SageMaker models.");
        }

        return _components.TryGetValue(component, out var engine)
            ? (engine, null, null)
            : (null, "INFERENCE_COMPONENT_NOT_FOUND", $"Inference component '{component}' is not deployed on this endpoint; it hosts {Hosted()}.");
    }

    /// <summary>SageMaker runtime's error shape: 400, <c>x-amzn-ErrorType: ValidationError</c>, <c>{"ErrorCode", "Message"}</c>.</summary>
    public static async Task RefuseAsync(HttpContext context, string code, string message, CancellationToken cancellationToken)
    {
        var response = context.Response;
        response.StatusCode = StatusCodes.Status400BadRequest;
        response.Headers["x-amzn-ErrorType"] = "ValidationError";
        response.ContentType = "application/json";
        // Relaxed escaping keeps the quotes around names readable in clients' messages (the body is JSON, never HTML).
        await using var json = new Utf8JsonWriter(response.Body, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        json.WriteStartObject();
        json.WriteString("ErrorCode", code);
        json.WriteString("Message", message);
        json.WriteEndObject();
        await json.FlushAsync(cancellationToken);
    }

    private string Hosted() => string.Join(", ", _components.Keys.Select(k => $"'{k}'"));
}
