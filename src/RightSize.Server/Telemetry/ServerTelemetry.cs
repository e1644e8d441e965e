using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using RightSize.Jobs;
using RightSize.Server.Api;
using RightSize.Server.Security;
using RightSize.Telemetry;

namespace RightSize.Server.Telemetry;

/// <summary>
/// Exports the core's meter and activity source with the OpenTelemetry SDK: a Prometheus scrape endpoint at
/// <c>/metrics</c> always, OTLP when an endpoint is configured; logs go to the console as JSON.
/// </summary>
internal static class ServerTelemetry
{
    public const string MetricsPath = "/metrics";

    public static void Configure(WebApplicationBuilder builder, ServerOptions options)
    {
        builder.Logging.ClearProviders();
        builder.Logging.AddJsonConsole();
        builder.Logging.SetMinimumLevel(options.LogLevel);
        var telemetry = builder.Services.AddOpenTelemetry().WithMetrics(metrics =>
        {
            metrics.AddMeter(RightSizeTelemetry.Name).AddPrometheusExporter();
            if (options.OtlpEndpoint is { } endpoint)
            {
                metrics.AddOtlpExporter(o => Target(o, endpoint, "v1/metrics"));
            }
        });
        if (options.OtlpEndpoint is { } traces)
        {
            telemetry.WithTracing(tracing => tracing.AddSource(RightSizeTelemetry.Name).AddOtlpExporter(o => Target(o, traces, "v1/traces")));
        }
    }

    /// <summary>Maps <c>/metrics</c> behind the API's rules: the host filter, and SigV4 when keys are configured.</summary>
    public static void Map(WebApplication app, SigV4Verifier? verifier)
    {
        app.UseOpenTelemetryPrometheusScrapingEndpoint(
            meterProvider: null,
            predicate: context => context.Request.Path == MetricsPath,
            path: null,
            configureBranchedPipeline: branch => branch.Use(async (context, next) =>
            {
                if (verifier?.Verify(context.Request, []) is { } failure)
                {
                    context.Response.StatusCode = StatusCodes.Status403Forbidden;
                    await context.Response.WriteAsJsonAsync(new AwsErrorResponse { Type = failure.Code, Message = failure.Message },
                        SageMakerJsonContext.Default.AwsErrorResponse, contentType: null, context.RequestAborted);
                    return;
                }

                await next(context);
            }),
            optionsName: null);
    }

    /// <summary>OTLP/HTTP needs the signal's path on a configured base address; gRPC takes the address as it is.</summary>
    private static void Target(OtlpExporterOptions options, Uri endpoint, string signalPath) =>
        options.Endpoint = options.Protocol == OtlpExportProtocol.HttpProtobuf
            ? new Uri(new Uri(endpoint.ToString().TrimEnd('/') + "/"), signalPath)
            : endpoint;
}
