using System.Buffers;
using Microsoft.AspNetCore.Http;
using RightSize.Server.Security;

namespace RightSize.Server.Api;

/// <summary>
/// <c>POST /</c>, JSON 1.1: size limit, content type, SigV4 (when keys are configured), then the operation named by
/// X-Amz-Target. Every answer carries <c>x-amzn-RequestId</c>; client mistakes are 4xx, never 5xx.
/// </summary>
internal sealed class SageMakerEndpoint
{
    private const string JsonContentType = "application/x-amz-json-1.1";

    private readonly ServerState _state;
    private readonly SigV4Verifier? _verifier;

    public SageMakerEndpoint(ServerState state, SigV4Verifier? verifier)
    {
        _state = state;
        _verifier = verifier;
    }

    public async Task HandleAsync(HttpContext context)
    {
        var response = await AnswerAsync(context);
        context.Response.StatusCode = response.StatusCode;
        context.Response.ContentType = JsonContentType;
        context.Response.Headers["x-amzn-RequestId"] = Guid.NewGuid().ToString();
        await context.Response.WriteAsync(response.Json, context.RequestAborted);
    }

    private async Task<ApiResponse> AnswerAsync(HttpContext context)
    {
        var request = context.Request;
        byte[] body;
        try
        {
            body = await ReadBodyAsync(request, context.RequestAborted);
        }
        catch (BadHttpRequestException e)
        {
            return e.StatusCode == StatusCodes.Status413PayloadTooLarge
                ? ApiResponse.Error(ErrorCodes.RequestTooLarge, $"the request body is larger than {_state.Options.MaxRequestBytes} bytes", e.StatusCode)
                : ApiResponse.Error(ErrorCodes.Serialization, $"unreadable request: {e.Message}", e.StatusCode);
        }

        if (request.ContentType is { } type && !type.StartsWith(JsonContentType, StringComparison.OrdinalIgnoreCase)
            && !type.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return ApiResponse.Error(ErrorCodes.Serialization, $"Content-Type '{ListFilters.Shorten(type)}' is not {JsonContentType}");
        }

        if (_verifier?.Verify(request, body) is { } failure)
        {
            return ApiResponse.Error(failure.Code, failure.Message, StatusCodes.Status403Forbidden);
        }

        return await Operations.RunAsync(_state, request.Headers["X-Amz-Target"].FirstOrDefault(), body, context.RequestAborted);
    }

    private async Task<byte[]> ReadBodyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength > _state.Options.MaxRequestBytes)
        {
            throw new BadHttpRequestException("too large", StatusCodes.Status413PayloadTooLarge);
        }

        // Kestrel's MaxRequestBodySize also cuts chunked bodies at the limit (BadHttpRequestException 413).
        var writer = new ArrayBufferWriter<byte>();
        while (true)
        {
            var read = await request.BodyReader.ReadAsync(cancellationToken);
            foreach (var segment in read.Buffer)
            {
                writer.Write(segment.Span);
            }

            request.BodyReader.AdvanceTo(read.Buffer.End);
            if (read.IsCompleted)
            {
                return writer.WrittenSpan.ToArray();
            }
        }
    }
}
