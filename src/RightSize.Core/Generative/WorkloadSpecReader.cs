using System.Text.Json;
using System.Text.Json.Nodes;
using RightSize.Traffic;

namespace RightSize.Generative;

/// <summary>
/// Validates a workload document (<see cref="SpecDocument"/>) into a <see cref="WorkloadSpec"/>: every error at once,
/// each with its path. Unknown keys are rejected; AIPerf parameters RightSize does not implement yet are rejected by name.
/// </summary>
public sealed class WorkloadSpecReader
{
    private static readonly Dictionary<string, string> Aliases = new(StringComparer.Ordinal)
    {
        ["synthetic_input_tokens_mean"] = "prompt_input_tokens_mean",
        ["isl"] = "prompt_input_tokens_mean",
        ["synthetic_input_tokens_stddev"] = "prompt_input_tokens_stddev",
        ["isl_stddev"] = "prompt_input_tokens_stddev",
        ["prompt_output_tokens_mean"] = "output_tokens_mean",
        ["osl"] = "output_tokens_mean",
        ["prompt_output_tokens_stddev"] = "output_tokens_stddev",
        ["osl_stddev"] = "output_tokens_stddev",
        ["num_requests"] = "request_count",
        ["arrival_pattern"] = "request_rate_mode",
        ["num_warmup_requests"] = "warmup_request_count",
    };

    private static readonly string[] NotYet =
    [
        "max_concurrency", "arrival_smoothness", "vllm_burstiness", "prefill_concurrency", "tokenizer", "hf_token", "HF_TOKEN",
        "benchmark_grace_period", "extra_inputs", "verbose", "num_conversations", "conversation_num", "num_sessions",
        "warmup_duration",
        "warmup_concurrency", "warmup_prefill_concurrency", "warmup_request_rate", "warmup_arrival_pattern", "warmup_grace_period",
        "num_warmup_sessions", "public_dataset", "custom_dataset_type", "input_file", "dataset_sampling_strategy",
    ];

    public static readonly IReadOnlyList<string> Implemented =
    [
        "prompt_input_tokens_mean", "prompt_input_tokens_stddev", "output_tokens_mean", "output_tokens_stddev", "concurrency",
        "request_count", "request_rate", "request_rate_mode", "benchmark_duration", "streaming", "goodput", "random_seed",
        "request_timeout_seconds", "warmup_request_count", "model", "model_selection_strategy", "search_recipe", "ttft_sla_ms", "tpot_sla_ms", "e2e_sla_ms",
        "error_rate_sla", "search_stat", "concurrency_min", "concurrency_max", "search_max_iterations", "search_initial_points",
    ];

    private readonly List<string> _errors = [];

    private WorkloadSpecReader()
    {
    }

    /// <summary>The spec, or null with every error.</summary>
    public static (WorkloadSpec? Spec, IReadOnlyList<string> Errors) Read(string text)
    {
        var reader = new WorkloadSpecReader();
        var root = SpecDocument.Parse(text, reader._errors);
        var spec = reader._errors.Count == 0 ? reader.Read(root) : null;
        return reader._errors.Count == 0 ? (spec, []) : (null, reader._errors);
    }

    private WorkloadSpec Read(JsonNode? root)
    {
        if (root is not JsonObject document)
        {
            _errors.Add("the workload must be a map with benchmark: {type: aiperf} and parameters: {...}");
            return new WorkloadSpec();
        }

        foreach (var (key, value) in document)
        {
            switch (key)
            {
                case "benchmark":
                    var type = value is JsonObject b && b["type"] is JsonValue t && t.TryGetValue<string>(out var name) ? name : null;
                    if (type != "aiperf")
                    {
                        _errors.Add($"benchmark.type: '{type}' is not supported; use aiperf");
                    }

                    foreach (var (inner, _) in value as JsonObject ?? [])
                    {
                        if (inner != "type")
                        {
                            _errors.Add($"benchmark.{inner}: unknown key; benchmark holds only type: aiperf");
                        }
                    }

                    break;
                case "parameters" or "tooling":
                    break;
                case "secrets":
                    _errors.Add("secrets: not supported by RightSize yet (it resolves no Secrets Manager ARNs); remove it");
                    break;
                default:
                    _errors.Add($"{key}: unknown key; the workload has benchmark, parameters, tooling and secrets");
                    break;
            }
        }

        if (!document.ContainsKey("benchmark"))
        {
            _errors.Add("benchmark: missing; add benchmark: {type: aiperf}");
        }

        var spec = Parameters(document["parameters"]);
        if (document["tooling"] is JsonObject tooling)
        {
            foreach (var (key, value) in tooling)
            {
                if (key == "api_standard" && !(value is JsonValue v && v.TryGetValue<string>(out var standard) && standard == "openai"))
                {
                    _errors.Add("tooling.api_standard: only openai is supported");
                }
                else if (key is not ("api_standard" or "version"))
                {
                    _errors.Add($"tooling.{key}: unknown key; tooling has api_standard and version");
                }
            }
        }

        return spec;
    }

    private WorkloadSpec Parameters(JsonNode? node)
    {
        var spec = new WorkloadSpec();
        if (node is null)
        {
            return spec;
        }

        if (node is not JsonObject parameters)
        {
            _errors.Add("parameters: must be a map of AIPerf parameters");
            return spec;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (key, value) in parameters)
        {
            var path = $"parameters.{key}";
            var name = Aliases.GetValueOrDefault(key, key);
            if (!seen.Add(name))
            {
                _errors.Add($"{path}: {name} is given twice (under an alias)");
                continue;
            }

            spec = name switch
            {
                "prompt_input_tokens_mean" => spec with { InputTokensMean = Number(value, path, min: 1, whole: true) },
                "prompt_input_tokens_stddev" => spec with { InputTokensStddev = Number(value, path, min: 0) },
                "output_tokens_mean" => spec with { OutputTokensMean = Number(value, path, min: 1, whole: true) },
                "output_tokens_stddev" => spec with { OutputTokensStddev = Number(value, path, min: 0) },
                "concurrency" => spec with { Concurrency = Levels(value, path) },
                "request_count" => spec with { RequestCount = (int)Number(value, path, min: 1, whole: true) },
                "request_rate" => spec with { RequestRate = Number(value, path, min: double.Epsilon) },
                "request_rate_mode" => spec with { RequestRateMode = Mode(value, path) },
                "benchmark_duration" => spec with { BenchmarkDuration = TimeSpan.FromSeconds(Number(value, path, min: double.Epsilon)) },
                "streaming" => spec with { Streaming = Bool(value, path) },
                "goodput" => spec with { Goodput = GoodputSlo.Parse(Text(value, path), path, _errors) },
                "random_seed" => spec with { RandomSeed = (int)Number(value, path, min: 0, whole: true) },
                "request_timeout_seconds" => spec with { RequestTimeout = TimeSpan.FromSeconds(Number(value, path, min: double.Epsilon)) },
                "warmup_request_count" => spec with { WarmupRequestCount = (int)Number(value, path, min: 0, whole: true) },
                "model" => spec with { Model = Text(value, path) },
                "model_selection_strategy" => spec with { ModelSelection = Selection(value, path) },
                "search_recipe" => Search(spec, s => s with { RecipeName = Text(value, path) }),
                "ttft_sla_ms" => Search(spec, s => s with { TtftMs = Number(value, path, min: double.Epsilon) }),
                "tpot_sla_ms" => Search(spec, s => s with { TpotMs = Number(value, path, min: double.Epsilon) }),
                "e2e_sla_ms" => Search(spec, s => s with { E2eMs = Number(value, path, min: double.Epsilon) }),
                "error_rate_sla" => Search(spec, s => s with { ErrorRate = Number(value, path, min: 0) }),
                "search_stat" => Search(spec, s => s with { Stat = Text(value, path) }),
                "concurrency_min" => Search(spec, s => s with { ConcurrencyMin = (int)Number(value, path, min: 1, whole: true) }),
                "concurrency_max" => Search(spec, s => s with { ConcurrencyMax = (int)Number(value, path, min: 1, whole: true) }),
                "search_max_iterations" => Search(spec, s => s with { MaxIterations = (int)Number(value, path, min: 1, whole: true) }),
                "search_initial_points" => Search(spec, s => s with { InitialPoints = [.. Levels(value, path).Distinct()] }),
                _ => Reject(spec, path, name),
            };
        }

        spec.Search?.Validate(spec.Concurrency.Count > 0, spec.RequestRate is not null, _errors);
        return spec;
    }

    private static WorkloadSpec Search(WorkloadSpec spec, Func<SlaSearch, SlaSearch> set) => spec with { Search = set(spec.Search ?? new SlaSearch()) };

    private WorkloadSpec Reject(WorkloadSpec spec, string path, string name)
    {
        _errors.Add(NotYet.Contains(name)
            ? $"{path}: an AIPerf parameter RightSize does not implement yet; remove it"
            : $"{path}: unknown parameter; RightSize implements {string.Join(", ", Implemented)}");
        return spec;
    }

    private double Number(JsonNode? value, string path, double min, bool whole = false)
    {
        if (AsNumber(value) is { } number && double.IsFinite(number) && number >= min && number <= int.MaxValue && (!whole || number == Math.Floor(number)))
        {
            return number;
        }

        var kind = whole ? "a whole number" : "a number";
        var floor = min == double.Epsilon ? "above 0" : $"of {min} or more";
        _errors.Add($"{path}: {Show(value)} is impossible; give {kind} {floor}");
        return Math.Max(min, 1);
    }

    private IReadOnlyList<int> Levels(JsonNode? value, string path)
    {
        if (value is JsonArray array)
        {
            if (array.Count == 0)
            {
                _errors.Add($"{path}: the list is empty; give levels, e.g. [1, 4, 16]");
            }

            return [.. array.Select((item, i) => (int)Number(item, $"{path}[{i}]", min: 1, whole: true))];
        }

        return [(int)Number(value, path, min: 1, whole: true)];
    }

    private ArrivalProcess Mode(JsonNode? value, string path)
    {
        var text = Text(value, path);
        switch (text)
        {
            case "constant":
                return ArrivalProcess.Uniform;
            case "poisson":
                return ArrivalProcess.Poisson;
            default:
                _errors.Add($"{path}: '{text}' is not supported; use constant or poisson");
                return ArrivalProcess.Poisson;
        }
    }

    private ModelSelectionStrategy Selection(JsonNode? value, string path)
    {
        var text = Text(value, path);
        switch (text)
        {
            case "round_robin":
                return ModelSelectionStrategy.RoundRobin;
            case "random":
                return ModelSelectionStrategy.Random;
            default:
                _errors.Add($"{path}: '{text}' is not a strategy; use round_robin or random");
                return ModelSelectionStrategy.RoundRobin;
        }
    }

    private bool Bool(JsonNode? value, string path)
    {
        if (value is JsonValue v && v.GetValueKind() is JsonValueKind.True or JsonValueKind.False)
        {
            return v.GetValue<bool>();
        }

        _errors.Add($"{path}: {Show(value)} is not true or false");
        return true;
    }

    private string Text(JsonNode? value, string path)
    {
        if (value is JsonValue v && v.TryGetValue<string>(out var text))
        {
            return text;
        }

        _errors.Add($"{path}: {Show(value)} is not a string");
        return string.Empty;
    }

    // JSON numbers are JsonElements; YAML ones are created as long or double.
    private static double? AsNumber(JsonNode? value) => value is not JsonValue v || v.GetValueKind() != JsonValueKind.Number ? null
        : v.TryGetValue<double>(out var d) ? d : v.TryGetValue<long>(out var l) ? l : null;

    private static string Show(JsonNode? value) => value?.ToJsonString() ?? "null";
}
