using System.Globalization;
using RightSize.Generative;

namespace RightSize.Cli.Commands.Llm;

/// <summary>What <c>rightsize llm benchmark</c> resolved from its arguments and files; every error at once.</summary>
internal sealed record LlmBenchmarkInput(
    StreamClientOptions Client, WorkloadSpec Spec, Func<int, GenerativeRequest> Prompts, string PromptSource, IReadOnlyList<StreamLoadOptions> Passes)
{
    public static async Task<(LlmBenchmarkInput? Input, List<string> Errors)> ResolveAsync(
        string url, FileInfo? workload, FileInfo? dataset, string? concurrency, double? rate, bool sweep, string? protocol, string? model,
        string? inferenceComponents, CancellationToken cancellationToken)
    {
        var errors = new List<string>();
        Uri? target = null;
        if (!Uri.TryCreate(url, UriKind.Absolute, out target) || target.Scheme is not ("http" or "https"))
        {
            errors.Add($"URL: '{url}' is not an http:// or https:// URL, e.g. http://127.0.0.1:8080/v1/chat/completions");
            target = null;
        }

        var kind = protocol is null ? GenerativeProtocols.FromPath(target?.AbsolutePath ?? string.Empty) : GenerativeProtocols.Parse(protocol);
        if (kind is null)
        {
            errors.Add($"--protocol: '{protocol}' is not a protocol; use {GenerativeProtocols.Names}");
        }

        var components = Components(inferenceComponents, errors);
        var spec = new WorkloadSpec();
        if (workload is not null)
        {
            if (!workload.Exists)
            {
                errors.Add($"--workload: {workload.FullName} does not exist");
            }
            else
            {
                var (read, specErrors) = WorkloadSpecReader.Read(await File.ReadAllTextAsync(workload.FullName, cancellationToken));
                errors.AddRange(specErrors.Select(e => $"{workload.Name}: {e}"));
                spec = read ?? spec;
            }
        }

        Func<int, GenerativeRequest>? prompts = null;
        var source = $"synthetic prompts, input tokens ~ N({spec.InputTokensMean}, {spec.InputTokensStddev})";
        var outputTokens = spec.OutputTokensMean is { } o ? (int)o : (int?)null;
        if (dataset is not null)
        {
            if (!dataset.Exists)
            {
                errors.Add($"--dataset: {dataset.FullName} does not exist");
            }
            else
            {
                var (read, dataErrors) = PromptDataset.Read(await File.ReadAllLinesAsync(dataset.FullName, cancellationToken), outputTokens);
                errors.AddRange(dataErrors.Select(e => $"{dataset.Name}: {e}"));
                prompts = read is null ? null : read.Next;
                source = $"{dataset.Name} ({read?.Count} prompts, in order)";
            }
        }
        else if (workload is null)
        {
            errors.Add("--workload or --dataset: give one (a benchmark.type: aiperf spec in YAML or JSON, or a JSONL file of prompts)");
        }

        prompts ??= new SyntheticPrompts(spec.InputTokensMean, spec.InputTokensStddev, spec.OutputTokensMean, spec.OutputTokensStddev, spec.RandomSeed).Next;
        spec = Override(spec, concurrency, rate, sweep, errors);
        var passes = sweep ? [] : spec.Passes();
        foreach (var pass in passes)
        {
            errors.AddRange(pass.Validate());
        }

        if (errors.Count > 0 || target is null || kind is null)
        {
            return (null, errors);
        }

        var client = new StreamClientOptions
        {
            Url = target,
            Protocol = kind.Value,
            Model = model ?? spec.Model ?? "default",
            Streaming = spec.Streaming,
            Timeout = spec.RequestTimeout,
            InferenceComponents = components,
            ModelSelection = spec.ModelSelection,
            Seed = spec.RandomSeed,
        };
        return (new LlmBenchmarkInput(client, spec, prompts, source, passes), errors);
    }

    private static List<string> Components(string? names, List<string> errors)
    {
        var components = new List<string>();
        foreach (var name in names?.Split(',', StringSplitOptions.TrimEntries) ?? [])
        {
            if (!InferenceComponentName.IsValid(name))
            {
                errors.Add($"--inference-component: '{name}' is not an inference component name; give {InferenceComponentName.Rule}, comma-separated, e.g. llama-a,llama-b");
            }
            else if (!components.Contains(name, StringComparer.Ordinal))
            {
                components.Add(name);
            }
        }

        return components;
    }

    private static WorkloadSpec Override(WorkloadSpec spec, string? concurrency, double? rate, bool sweep, List<string> errors)
    {
        if (new[] { concurrency is not null, rate is not null, sweep }.Count(x => x) > 1)
        {
            errors.Add("--concurrency, --rate and --sweep: give at most one");
        }

        if (spec.Search is not null && (concurrency is not null || rate is not null || sweep))
        {
            errors.Add("--concurrency, --rate and --sweep: the workload's search_recipe chooses the concurrency; drop the option or the search");
        }

        if (concurrency is not null)
        {
            var levels = new List<int>();
            foreach (var item in concurrency.Split(','))
            {
                if (int.TryParse(item.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var level) && level >= 1)
                {
                    levels.Add(level);
                }
                else
                {
                    errors.Add($"--concurrency: '{item}' is not a level; give whole numbers of 1 or more, e.g. 1,4,16");
                }
            }

            return spec with { Concurrency = levels, RequestRate = null };
        }

        if (rate is { } r)
        {
            if (!(r > 0) || !double.IsFinite(r))
            {
                errors.Add($"--rate: {r.ToString(CultureInfo.InvariantCulture)} must be above 0 requests per second");
            }

            return spec with { RequestRate = r };
        }

        return spec;
    }
}
