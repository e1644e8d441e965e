using System.Text;
using System.Text.Json;

namespace RightSize.Load;

/// <summary>What an ad-hoc load measured. Latencies are of successful requests, in milliseconds.</summary>
public sealed record AdHocLoadSummary
{
    public const string ClosedLoop = "closed-loop";
    public const string OpenLoop = "open-loop";

    /// <summary><see cref="ClosedLoop"/> or <see cref="OpenLoop"/>.</summary>
    public required string Mode { get; init; }

    public int Connections { get; init; }

    /// <summary>The HTTP client that sent the requests: <c>socket</c> or <c>httpclient</c>.</summary>
    public string Client { get; init; } = "socket";

    /// <summary>The arrival rate asked for (open loop), else null.</summary>
    public double? Rate { get; init; }

    /// <summary>Every request that completed, failed ones included.</summary>
    public long Requests { get; init; }

    public long Errors => ClientErrors + ServerErrors + Timeouts + ConnectionErrors;

    public long ClientErrors { get; init; }

    public long ServerErrors { get; init; }

    public long Timeouts { get; init; }

    public long ConnectionErrors { get; init; }

    /// <summary>From the start to the last answer.</summary>
    public double DurationSeconds { get; init; }

    public double RequestsPerSecond => DurationSeconds > 0 ? Requests / DurationSeconds : 0;

    public double P50Ms { get; init; }

    public double P90Ms { get; init; }

    public double P95Ms { get; init; }

    public double P99Ms { get; init; }

    public double P999Ms { get; init; }

    public double MaxMs { get; init; }

    public double MeanMs { get; init; }

    /// <summary>
    /// One JSON object: <c>requests, errors, duration_s, rps, latency_ms {p50, p90, p95, p99, p999, max}</c> first
    /// (the documented contract), then <c>mode, client, connections, rate, latency_mean_ms, errors_by_outcome</c>.
    /// </summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("requests", Requests);
            json.WriteNumber("errors", Errors);
            json.WriteNumber("duration_s", Math.Round(DurationSeconds, 3));
            json.WriteNumber("rps", Math.Round(RequestsPerSecond, 2));
            json.WriteStartObject("latency_ms");
            json.WriteNumber("p50", Millis(P50Ms));
            json.WriteNumber("p90", Millis(P90Ms));
            json.WriteNumber("p95", Millis(P95Ms));
            json.WriteNumber("p99", Millis(P99Ms));
            json.WriteNumber("p999", Millis(P999Ms));
            json.WriteNumber("max", Millis(MaxMs));
            json.WriteEndObject();
            json.WriteString("mode", Mode);
            json.WriteString("client", Client);
            json.WriteNumber("connections", Connections);
            if (Rate is { } rate)
            {
                json.WriteNumber("rate", rate);
            }
            else
            {
                json.WriteNull("rate");
            }

            json.WriteNumber("latency_mean_ms", Millis(MeanMs));
            json.WriteStartObject("errors_by_outcome");
            json.WriteNumber("client_error", ClientErrors);
            json.WriteNumber("server_error", ServerErrors);
            json.WriteNumber("timeout", Timeouts);
            json.WriteNumber("connection_error", ConnectionErrors);
            json.WriteEndObject();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    // Microsecond resolution is all a histogram of 0.4% buckets can honestly give at these scales.
    private static double Millis(double value) => Math.Round(value, 3);
}
