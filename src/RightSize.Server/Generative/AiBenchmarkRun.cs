using System.Formats.Tar;
using System.IO.Compression;
using RightSize.Generative;

namespace RightSize.Server.Generative;

/// <summary>The instance a benchmark ran on, for the cost per token; null price when unknown.</summary>
internal sealed record AiInstance(string InstanceType, double PricePerHour, string? Note = null);

/// <summary>A benchmark's passes and where its archive went.</summary>
internal sealed record AiBenchmarkResult(
    IReadOnlyList<(StreamLoadOptions Pass, GenerativeMetrics Metrics)> Passes, string Archive, string Report, SearchOutcome? Search = null);

/// <summary>
/// Runs a workload's passes (one per concurrency level, or the open-loop pass) against an LLM endpoint with the stream
/// engine and packs what AIPerf writes (<c>profile_export_aiperf.json</c>/<c>.csv</c> per level, the sweep aggregate)
/// and <c>report.md</c> into <c>OUTPUT/JOB/output/output.tar.gz</c>, as a SageMaker training job lays out its output.
/// </summary>
internal static class AiBenchmarkRun
{
    public static async Task<AiBenchmarkResult> RunAsync(
        string jobName, AiWorkload workload, StreamClientOptions client, string outputFolder, AiInstance? instance, string target, TimeProvider time,
        CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("rightsize-ai-");
        try
        {
            var passes = workload.Spec.Passes();
            var results = new List<(StreamLoadOptions, GenerativeMetrics)>();
            SearchOutcome? search = null;
            using (var stream = new StreamClient(client, time))
            {
                var engine = new StreamLoadEngine(stream, workload.Prompts, time);
                async Task<GenerativeMetrics> PassAsync(StreamLoadOptions pass, bool alone, CancellationToken token)
                {
                    token.ThrowIfCancellationRequested();
                    if (workload.Spec.WarmupRequestCount > 0)
                    {
                        await engine.RunAsync(pass with { RequestCount = workload.Spec.WarmupRequestCount, Duration = null, Rate = null, Concurrency = pass.Concurrency ?? 1 },
                            new StreamLoadProgress(), token);
                    }

                    var start = time.GetUtcNow();
                    var run = await engine.RunAsync(pass, new StreamLoadProgress(), token);
                    var metrics = GenerativeMetrics.From(run, workload.Spec.Goodput, time.TimestampFrequency);
                    AiperfExport.Write(alone ? work.FullName : Path.Combine(work.FullName, pass.Label), metrics, start, time.GetUtcNow(), token.IsCancellationRequested);
                    results.Add((pass, metrics));
                    return metrics;
                }

                if (workload.Spec.Search is { } sla)
                {
                    // Each probe is a closed-loop pass in its concurrency_N folder, as AIPerf's search writes them.
                    search = await ConcurrencySearch.RunAsync(sla, (level, token) => PassAsync(workload.Spec.PassAt(level), alone: false, token), cancellationToken);
                    SearchHistory.Write(work.FullName, search, workload.Spec.RandomSeed);
                }

                foreach (var pass in passes)
                {
                    await PassAsync(pass, passes.Count == 1, cancellationToken);
                }
            }

            cancellationToken.ThrowIfCancellationRequested();
            if (results.Count > 1)
            {
                SweepAggregate.Write(work.FullName, results);
            }

            var report = AiReport.Benchmark(jobName, target, client, workload, results, instance, search);
            await File.WriteAllTextAsync(Path.Combine(work.FullName, "report.md"), report, cancellationToken);
            var jobFolder = Path.Combine(outputFolder, jobName);
            Directory.CreateDirectory(Path.Combine(jobFolder, "output"));
            var archive = Path.Combine(jobFolder, "output", "output.tar.gz");
            await PackAsync(work.FullName, archive, cancellationToken);
            await File.WriteAllTextAsync(Path.Combine(jobFolder, "report.md"), report, cancellationToken);
            return new AiBenchmarkResult(results, archive, report, search);
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    /// <summary>A real tar.gz (POSIX tar, gzip) of the folder, written beside the target and moved in once whole.</summary>
    private static async Task PackAsync(string folder, string archive, CancellationToken cancellationToken)
    {
        var partial = archive + ".partial";
        await using (var file = File.Create(partial))
        {
            await using var gzip = new GZipStream(file, CompressionLevel.Optimal);
            await TarFile.CreateFromDirectoryAsync(folder, gzip, includeBaseDirectory: false, cancellationToken);
        }

        File.Move(partial, archive, overwrite: true);
    }
}
