using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace RightSize.Server.Tests.Telemetry;

/// <summary>An OTLP/HTTP protobuf receiver on 127.0.0.1 and a free port that keeps every export it is sent.</summary>
internal sealed class OtlpCollector : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<byte[]> _metrics = new();
    private int _traces;

    private OtlpCollector(WebApplication app) => _app = app;

    public string Address => _app.Urls.First();

    public int TraceExports => Volatile.Read(ref _traces);

    /// <summary>Every data point of every metrics export so far, in the order they arrived.</summary>
    public IReadOnlyList<MetricPoint> MetricPoints => [.. _metrics.ToArray().SelectMany(OtlpMetrics.Decode)];

    public static async Task<OtlpCollector> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        var collector = new OtlpCollector(app);
        app.MapPost("/v1/metrics", async (HttpRequest request) =>
        {
            using var body = new MemoryStream();
            await request.Body.CopyToAsync(body);
            collector._metrics.Enqueue(body.ToArray());
            return Microsoft.AspNetCore.Http.Results.Bytes([], "application/x-protobuf");
        });
        app.MapPost("/v1/traces", () =>
        {
            Interlocked.Increment(ref collector._traces);
            return Microsoft.AspNetCore.Http.Results.Bytes([], "application/x-protobuf");
        });
        await app.StartAsync();
        return collector;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
