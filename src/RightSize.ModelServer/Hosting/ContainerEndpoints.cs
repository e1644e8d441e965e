using Microsoft.AspNetCore.Http;

namespace RightSize.ModelServer.Hosting;

/// <summary>
/// The SageMaker container contract as one request delegate (no routing, no per-request logging): <c>GET /ping</c> and
/// <c>POST /invocations</c>.
/// </summary>
internal sealed class ContainerEndpoints(ModelServerState state, TimeSpan invocationTimeout)
{
    public Task HandleAsync(HttpContext context)
    {
        var path = context.Request.Path.Value;
        var method = context.Request.Method;
        return path switch
        {
            "/ping" when HttpMethods.IsGet(method) || HttpMethods.IsHead(method) => PingAsync(context),
            "/invocations" when HttpMethods.IsPost(method) => InvokeAsync(context),
            "/v1/chat/completions" or "/v1/completions" when HttpMethods.IsPost(method) && state.Handler is { ServesOpenAi: true } => InvokeAsync(context),
            "/ping" or "/invocations" => MethodNotAllowedAsync(context, path == "/ping" ? "GET" : "POST"),
            _ => ErrorResponse.WriteAsync(context, StatusCodes.Status404NotFound,
                "not found; this model server answers GET /ping and POST /invocations", context.RequestAborted),
        };
    }

    private Task PingAsync(HttpContext context)
    {
        if (state.Handler is not null)
        {
            context.Response.ContentLength = 0;
            return Task.CompletedTask;
        }

        return ErrorResponse.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, state.NotReadyReason, context.RequestAborted);
    }

    private async Task InvokeAsync(HttpContext context)
    {
        var aborted = context.RequestAborted;
        var handler = state.Handler;
        if (handler is null)
        {
            await ErrorResponse.WriteAsync(context, StatusCodes.Status503ServiceUnavailable,
                $"{state.NotReadyReason}; wait until GET /ping answers 200", aborted);
            return;
        }

        if (context.Request.ContentLength > RequestBody.MaxBytes)
        {
            await RejectTooLargeAsync(context);
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(aborted);
        timeout.CancelAfter(invocationTimeout);
        try
        {
            await handler.InvokeAsync(context, timeout.Token);
        }
        catch (BadHttpRequestException e)
        {
            var message = e.StatusCode == StatusCodes.Status413PayloadTooLarge ? RequestBody.TooLargeMessage : e.Message;
            await ErrorResponse.WriteAsync(context, e.StatusCode, message, aborted);
        }
        catch (OperationCanceledException) when (!aborted.IsCancellationRequested)
        {
            await ErrorResponse.WriteAsync(context, StatusCodes.Status504GatewayTimeout,
                $"the invocation took longer than the {invocationTimeout.TotalSeconds:0.###} s timeout; send fewer rows per request", aborted);
        }
        catch (OperationCanceledException)
        {
            // The client went away: nobody is left to answer.
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            await ErrorResponse.WriteAsync(context, StatusCodes.Status500InternalServerError, $"the model failed: {e.Message}", aborted);
        }
    }

    private static async Task RejectTooLargeAsync(HttpContext context)
    {
        if (context.Request.ContentLength <= RequestBody.DrainLimitBytes)
        {
            await RequestBody.DrainAsync(context.Request.BodyReader, context.RequestAborted);
        }

        await ErrorResponse.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, RequestBody.TooLargeMessage, context.RequestAborted);
    }

    private static Task MethodNotAllowedAsync(HttpContext context, string allowed)
    {
        context.Response.Headers.Allow = allowed;
        return ErrorResponse.WriteAsync(context, StatusCodes.Status405MethodNotAllowed,
            $"use {allowed} {context.Request.Path}", context.RequestAborted);
    }
}
