using System.Diagnostics.Metrics;
using RightSize.Load;
using RightSize.Telemetry;

namespace RightSize.Cli.Commands;

/// <summary>
/// <c>rightsize load --metrics</c>: feeds each second to the instruments <c>serve</c> exports and collects them with an
/// in-process listener, as an exporter would, so bench/http can compare a load with the instruments on against one
/// without them in the same run.
/// </summary>
internal sealed class LoadMetrics : IProgress<SecondBucket>, IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly TestTelemetry _telemetry;
    private long _invocations;
    private long _latencies;

    public LoadMetrics(Uri target)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == RightSizeTelemetry.Name)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        var endpoint = target.ToString();
        // Only this load's measurements: the endpoint tag is its URL (a process may run other loads too).
        bool Ours(ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            foreach (var tag in tags)
            {
                if (tag.Key == "rightsize.endpoint")
                {
                    return tag.Value as string == endpoint;
                }
            }

            return false;
        }

        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            if (instrument.Name == "rightsize.invocations" && Ours(tags))
            {
                Interlocked.Add(ref _invocations, value);
            }
        });
        _listener.SetMeasurementEventCallback<double>((instrument, _, tags, _) =>
        {
            if (instrument.Name == "rightsize.invocation.latency" && Ours(tags))
            {
                Interlocked.Increment(ref _latencies);
            }
        });
        _listener.Start();
        _telemetry = new TestTelemetry("load", endpoint, null);
    }

    /// <summary>Invocations and latencies the listener received.</summary>
    public (long Invocations, long Latencies) Collected => (Interlocked.Read(ref _invocations), Interlocked.Read(ref _latencies));

    public void Report(SecondBucket value) => _telemetry.Record(value);

    public void Dispose()
    {
        _telemetry.Dispose();
        _listener.Dispose();
    }
}
