using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using RightSize.ModelServer.Hosting;
using RightSize.ModelServer.Payloads;

namespace RightSize.ModelServer.Synthetic;

/// <summary>Answers invocations after the scheduled service time, ignoring the payload.</summary>
internal sealed class SyntheticInvocationHandler(SyntheticScheduler scheduler) : IInvocationHandler
{
    private static readonly byte[] CsvPrediction = "0\n"u8.ToArray();
    private static readonly byte[] JsonPrediction = "{\"predictions\":[0]}\n"u8.ToArray();

    public async Task InvokeAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var admission = scheduler.Admit(Stopwatch.GetTimestamp());
        await VirtualClock.WaitUntilAsync(admission.Finish, cancellationToken);
        if (admission.Fails)
        {
            await ErrorResponse.WriteAsync(context, StatusCodes.Status500InternalServerError,
                "synthetic error: this request was picked to fail by the configured error rate", cancellationToken);
            return;
        }

        // The synthetic model answers CSV or JSON only: anything else it is asked for gets CSV.
        var format = MediaTypes.FromAccept(context.Request.Headers.Accept, MediaTypes.FromContentType(context.Request.ContentType) ?? PayloadFormat.Csv)
            is PayloadFormat.Json ? PayloadFormat.Json : PayloadFormat.Csv;
        var response = context.Response;
        response.ContentType = format.Name();
        var body = format == PayloadFormat.Csv ? CsvPrediction : JsonPrediction;
        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, cancellationToken);
    }
}
