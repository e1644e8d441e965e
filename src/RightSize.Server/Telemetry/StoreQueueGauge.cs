using System.Collections.Concurrent;
using RightSize.Server.Hosting;
using RightSize.Telemetry;

namespace RightSize.Server.Telemetry;

/// <summary>
/// The store queue depth, <c>rightsize.store.pending_writes</c>: an observable gauge on the core's one meter (the name
/// the exporters subscribe to; a meter of its own, e.g. one made by the container's IMeterFactory under another name,
/// reaches neither /metrics nor OTLP), summed over the running store writers of this process.
/// </summary>
internal static class StoreQueueGauge
{
    private static readonly ConcurrentDictionary<StoreWriter, byte> Writers = new();

    static StoreQueueGauge() => RightSizeTelemetry.Meter.CreateObservableGauge(
        "rightsize.store.pending_writes", () => Writers.Keys.Sum(w => (long)w.Pending), "{write}",
        "Job, test and window rows waiting to be written to the store.");

    public static void Add(StoreWriter writer) => Writers.TryAdd(writer, 0);

    public static void Remove(StoreWriter writer) => Writers.TryRemove(writer, out _);
}
