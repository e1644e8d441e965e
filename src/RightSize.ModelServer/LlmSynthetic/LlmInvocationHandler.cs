using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using RightSize.ModelServer.Hosting;
using RightSize.ModelServer.Synthetic;

namespace RightSize.ModelServer.LlmSynthetic;

/// <summary>
/// Serves the simulated engine on <c>/v1/chat/completions</c>, <c>/v1/completions</c> and <c>/invocations</c> (TGI
/// <c>inputs</c> bodies, or OpenAI bodies recognised by their shape). Every request generates exactly its max tokens.
/// </summary>
internal sealed class LlmInvocationHandler(InferenceComponentRouter router, LlmSyntheticOptions options, TimeProvider time) : IInvocationHandler
{
    private long _nextId;

    public bool ServesOpenAi => true;

    public async Task InvokeAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var arrival = Stopwatch.GetTimestamp();
        var (engine, code, refusal) = router.Route(context.Request.Headers[InferenceComponentRouter.Header]);
        if (engine is null)
        {
            await InferenceComponentRouter.RefuseAsync(context, code!, refusal!, cancellationToken);
            return;
        }

        var route = context.Request.Path.Value switch
        {
            "/v1/chat/completions" => LlmProtocol.ChatCompletions,
            "/v1/completions" => (LlmProtocol?)LlmProtocol.Completions,
            _ => null,
        };
        var parsed = await ReadAsync(context.Request, route, cancellationToken);
        if (!parsed.Succeeded)
        {
            await ErrorResponse.WriteAsync(context, parsed.Error == RequestBody.TooLargeMessage ? StatusCodes.Status413PayloadTooLarge : StatusCodes.Status400BadRequest,
                parsed.Error, cancellationToken);
            return;
        }

        var request = parsed.Value;
        var outputTokens = request.MaxTokens ?? options.DefaultMaxTokens;
        if (engine.Admit(arrival, request.InputTokens, outputTokens) is not { } admission)
        {
            await ErrorResponse.WriteAsync(context, StatusCodes.Status400BadRequest,
                $"{request.InputTokens} input + {outputTokens} output tokens exceed the KV-cache budget of {options.KvTokens} tokens; send a shorter prompt or fewer max tokens",
                cancellationToken);
            return;
        }

        var format = new LlmResponseFormat(request, outputTokens, Interlocked.Increment(ref _nextId), time.GetUtcNow().ToUnixTimeSeconds());
        var response = context.Response;
        if (!request.Stream)
        {
            await VirtualClock.WaitUntilAsync(admission.FirstToken + ((outputTokens - 1) * admission.DecodeTicks), cancellationToken);
            var body = format.Buffered();
            response.ContentType = "application/json";
            response.ContentLength = body.Length;
            await response.Body.WriteAsync(body, cancellationToken);
            return;
        }

        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await WriteAsync(response, format.Opening ?? [], cancellationToken);
        for (var i = 0; i < outputTokens; i++)
        {
            await VirtualClock.WaitUntilAsync(admission.FirstToken + (i * admission.DecodeTicks), cancellationToken);
            await WriteAsync(response, format.Token(i, options.SendStamps ? SentNanoseconds() : null), cancellationToken);
        }

        if (format.Closing is { } closing)
        {
            await WriteAsync(response, closing, cancellationToken);
        }
    }

    private static async Task<Attempt<LlmRequest>> ReadAsync(HttpRequest request, LlmProtocol? route, CancellationToken cancellationToken)
    {
        var reader = request.BodyReader;
        if (await RequestBody.ReadToEndAsync(reader, cancellationToken) is not { } body)
        {
            return Attempt<LlmRequest>.Fail(RequestBody.TooLargeMessage);
        }

        var parsed = Parse(body, route);
        reader.AdvanceTo(body.End);
        return parsed;
    }

    private static Attempt<LlmRequest> Parse(ReadOnlySequence<byte> body, LlmProtocol? route)
    {
        try
        {
            var json = new Utf8JsonReader(body);
            using var document = JsonDocument.ParseValue(ref json);
            return LlmRequest.Parse(route, document.RootElement);
        }
        catch (JsonException e)
        {
            return Attempt<LlmRequest>.Fail($"the body is not JSON ({e.Message}); send e.g. {{\"messages\":[{{\"role\":\"user\",\"content\":\"hi\"}}],\"max_tokens\":16}}");
        }
    }

    // The host's monotonic clock in ns (Stopwatch reads CLOCK_MONOTONIC on Linux), as the stamp's readers expect.
    private static long SentNanoseconds() => (long)(Stopwatch.GetTimestamp() * (1e9 / Stopwatch.Frequency));

    private static async Task WriteAsync(HttpResponse response, byte[] bytes, CancellationToken cancellationToken)
    {
        await response.Body.WriteAsync(bytes, cancellationToken);
        await response.Body.FlushAsync(cancellationToken);
    }
}
