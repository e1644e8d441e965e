using Microsoft.AspNetCore.Http;

namespace RightSize.ModelServer.Hosting;

/// <summary>Errors go to the client as one line of plain text saying what is wrong and how to fix it.</summary>
internal static class ErrorResponse
{
    public static Task WriteAsync(HttpContext context, int statusCode, string message, CancellationToken cancellationToken)
    {
        var response = context.Response;
        if (response.HasStarted)
        {
            return Task.CompletedTask;
        }

        response.StatusCode = statusCode;
        response.ContentType = "text/plain; charset=utf-8";
        return response.WriteAsync(message + "\n", cancellationToken);
    }
}
