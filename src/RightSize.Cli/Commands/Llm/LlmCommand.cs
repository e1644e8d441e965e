using System.CommandLine;
using RightSize.Generative;
using Spectre.Console;

namespace RightSize.Cli.Commands.Llm;

/// <summary>
/// <c>rightsize llm benchmark URL</c>: streams generative requests to an LLM endpoint, like <c>guidellm benchmark</c> or
/// <c>aiperf profile</c>, and writes AIPerf-compatible exports and a report.
/// </summary>
internal static class LlmCommand
{
    public static Command Create(CliContext context)
    {
        var url = new Argument<string>("URL") { Description = "The endpoint URL: .../v1/chat/completions, .../v1/completions or .../invocations." };
        var workload = new Option<FileInfo?>("--workload") { Description = "A workload spec (YAML or JSON): benchmark: {type: aiperf} and AIPerf parameters." };
        var dataset = new Option<FileInfo?>("--dataset") { Description = "A JSONL file of prompts: {\"text\": \"...\", \"output_length\": 128} per line." };
        var concurrency = new Option<string?>("--concurrency") { Description = "Closed loop at these levels, one pass each: 1,4,16." };
        var rate = new Option<double?>("--rate") { Description = "Open loop at this many requests per second (timed from the intended send time)." };
        var sweep = new Option<bool>("--sweep") { Description = "GuideLLM's sweep: one at a time, then maximum throughput, then constant rates between." };
        var protocol = new Option<string?>("--protocol") { Description = $"{GenerativeProtocols.Names} (default: from the URL's path)." };
        var model = new Option<string?>("--model") { Description = "The model field of OpenAI requests." };
        var components = new Option<string?>("--inference-component")
        {
            Description = "Inference components to invoke (SageMaker's X-Amzn-SageMaker-Inference-Component header), comma-separated: "
                + "requests are spread by the workload's model_selection_strategy (round_robin unless it says random).",
        };
        var instanceType = new Option<string?>("--instance-type") { Description = "The endpoint's instance type: its catalog price gives USD per 1M output tokens." };
        var price = new Option<double?>("--price-per-hour") { Description = "The endpoint's price in USD per hour (overrides the instance type's)." };
        var output = new Option<DirectoryInfo>("--output") { Description = "Where the exports and report go.", DefaultValueFactory = _ => new DirectoryInfo("llm-benchmark") };
        var benchmark = new Command("benchmark", "Benchmark an LLM endpoint's streaming latency and throughput (TTFT, ITL, tokens/s).")
        {
            url, workload, dataset, concurrency, rate, sweep, protocol, model, components, instanceType, price, output,
        };
        benchmark.SetAction(async (parse, cancellationToken) =>
        {
            var (input, errors) = await LlmBenchmarkInput.ResolveAsync(parse.GetValue(url)!, parse.GetValue(workload), parse.GetValue(dataset),
                parse.GetValue(concurrency), parse.GetValue(rate), parse.GetValue(sweep), parse.GetValue(protocol), parse.GetValue(model), parse.GetValue(components), cancellationToken);
            var (pricing, priceError) = Price(parse.GetValue(instanceType), parse.GetValue(price));
            if (priceError is not null)
            {
                errors.Add(priceError);
            }

            if (input is null || priceError is not null)
            {
                errors.ForEach(e => context.Console.MarkupLine($"[red]error:[/] {Markup.Escape(e)}"));
                return ExitCodes.InvalidInput;
            }

            var directory = Path.GetFullPath(parse.GetValue(output)!.FullName, context.WorkingDirectory);
            var results = await new LlmBenchmarkRun(input, context, directory, pricing).RunAsync(parse.GetValue(sweep), cancellationToken);
            return results.Count > 0 && results.Any(r => r.Scalar("request_count") > 0) ? ExitCodes.Completed : ExitCodes.FailedOrStopped;
        });
        return new Command("llm", "Generative AI: benchmark LLM endpoints.") { benchmark };
    }

    private static (LlmPrice? Price, string? Error) Price(string? instanceType, double? perHour)
    {
        if (perHour is { } p)
        {
            return p is > 0 and < 1_000_000 && double.IsFinite(p)
                ? (new LlmPrice(p, instanceType is null ? "--price-per-hour" : $"{instanceType}, --price-per-hour"), null)
                : (null, $"--price-per-hour: {p.ToString(System.Globalization.CultureInfo.InvariantCulture)} must be above 0 USD, e.g. 1.408");
        }

        if (instanceType is null)
        {
            return (null, null);
        }

        return Catalog.InstanceCatalog.BuiltIn.TryGet(instanceType, out var type)
            ? (new LlmPrice(type.PricePerHour, $"{type.Name}, {type.PriceSource}"), null)
            : (null, $"--instance-type: {Catalog.InstanceCatalog.BuiltIn.DescribeUnknown(instanceType)}; or give --price-per-hour");
    }
}
