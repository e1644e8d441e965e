using System.Globalization;
using RightSize.Generative;
using RightSize.Traffic;
using Spectre.Console;

namespace RightSize.Cli.Commands.Llm;

/// <summary>Runs the passes one after another with a live status line, then prints and writes the results.</summary>
internal sealed class LlmBenchmarkRun(LlmBenchmarkInput input, CliContext context, string directory, LlmPrice? price)
{
    private const int SweepMaxConcurrency = 32;
    private const int SweepRates = 4;

    private readonly List<GenerativeMetrics> _results = [];

    public async Task<IReadOnlyList<GenerativeMetrics>> RunAsync(bool sweep, CancellationToken cancellationToken)
    {
        using var client = new StreamClient(input.Client, context.Time);
        var engine = new StreamLoadEngine(client, input.Prompts, context.Time);
        var console = context.Console;
        console.MarkupLine(Markup.Escape($"{input.Client.Url} ({input.Client.Protocol.Name()}, {(input.Client.Streaming ? "streaming" : "not streaming")}"
            + $"{(input.Client.DescribeComponents() is { } components ? ", " + components : string.Empty)}), {input.PromptSource}"));
        console.MarkupLine(Markup.Escape($"tokens: from the server's usage when it reports them, else counted with {TokenCounter.Name}"));
        var passes = sweep ? [new StreamLoadOptions { Concurrency = 1, RequestCount = input.Spec.RequestCount ?? 10, Duration = input.Spec.BenchmarkDuration }] : input.Passes.ToList();
        SearchOutcome? search = null;
        if (input.Spec.Search is { } sla)
        {
            search = await ConcurrencySearch.RunAsync(sla, async (level, token) =>
            {
                passes.Add(input.Spec.PassAt(level));
                _results.Add(await RunPassAsync(engine, passes[^1], token));
                return _results[^1];
            }, cancellationToken);
            SearchHistory.Write(directory, search, input.Spec.RandomSeed);
        }

        for (var i = 0; i < passes.Count && search is null && !cancellationToken.IsCancellationRequested; i++)
        {
            _results.Add(await RunPassAsync(engine, passes[i], cancellationToken));
            if (sweep && i == 0)
            {
                passes.Add(passes[0] with { Concurrency = SweepMaxConcurrency, RequestCount = input.Spec.RequestCount ?? (2 * SweepMaxConcurrency) });
            }
            else if (sweep && i == 1)
            {
                // GuideLLM: constant rates evenly spaced between the synchronous and the maximum rate.
                var low = _results[0].Scalar("request_throughput");
                var high = _results[1].Scalar("request_throughput");
                for (var k = 1; k <= SweepRates && high > low && low > 0; k++)
                {
                    var rate = low + ((high - low) * k / (SweepRates + 1));
                    passes.Add(new StreamLoadOptions
                    {
                        Rate = rate,
                        Arrivals = ArrivalProcess.Uniform,
                        RequestCount = input.Spec.RequestCount ?? Math.Max(10, (int)(rate * 10)),
                        Duration = input.Spec.BenchmarkDuration,
                        Seed = input.Spec.RandomSeed,
                    });
                }
            }
        }

        if (_results.Count > 1)
        {
            SweepAggregate.Write(directory, [.. passes.Zip(_results)]);
        }

        LlmReport.Print(console, _results, price, search);
        var report = LlmReport.Markdown(input, _results, price, search);
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "report.md"), report, cancellationToken);
        console.MarkupLine(Markup.Escape($"wrote {AiperfExport.JsonFile}, {AiperfExport.CsvFile} and report.md to {directory}"));
        return _results;
    }

    private async Task<GenerativeMetrics> RunPassAsync(StreamLoadEngine engine, StreamLoadOptions pass, CancellationToken cancellationToken)
    {
        if (input.Spec.WarmupRequestCount > 0)
        {
            await engine.RunAsync(pass with { RequestCount = input.Spec.WarmupRequestCount, Duration = null, Rate = null, Concurrency = pass.Concurrency ?? 1 },
                new StreamLoadProgress(), cancellationToken);
        }

        var progress = new StreamLoadProgress();
        var start = context.Time.GetUtcNow();
        StreamRun? run = null;
        await context.Console.Status().StartAsync($"{pass.Label}: starting", async status =>
        {
            var running = engine.RunAsync(pass, progress, cancellationToken);
            while (await Task.WhenAny(running, Task.Delay(TimeSpan.FromSeconds(1), context.Time, CancellationToken.None)) != running)
            {
                status.Status(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
                    $"{pass.Label}: {progress.Completed} done, {progress.Failed} failed, {progress.InFlight} in flight, {progress.OutputTokens} output tokens")));
            }

            run = await running;
        });
        var metrics = GenerativeMetrics.From(run!, input.Spec.Goodput, context.Time.TimestampFrequency);
        var folder = input.Passes.Count == 1 && _results.Count == 0 && run!.Options == input.Passes[0] ? directory : Path.Combine(directory, pass.Label);
        AiperfExport.Write(folder, metrics, start, context.Time.GetUtcNow(), cancellationToken.IsCancellationRequested);
        context.Console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{pass.Label}: {metrics.Scalar("request_count")} requests, {metrics.Scalar("error_request_count")} errors, {metrics.Scalar("output_token_throughput"):0.#} output tokens/s")));
        return metrics;
    }
}
