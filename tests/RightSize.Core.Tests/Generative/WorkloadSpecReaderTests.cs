using RightSize.Generative;
using RightSize.Traffic;

namespace RightSize.Core.Tests.Generative;

public sealed class WorkloadSpecReaderTests
{
    [Fact]
    public void Yaml_and_json_give_the_same_spec_and_aliases_map_to_aiperfs_names()
    {
        var (yaml, yamlErrors) = WorkloadSpecReader.Read("""
            benchmark:
              type: aiperf
            parameters:
              isl: 550
              isl_stddev: 150.0
              osl: 150
              concurrency: [1, 10]
              num_requests: 40
              arrival_pattern: constant
              streaming: false
              goodput: "time_to_first_token:100 inter_token_latency:10"
              model: "llama"
              model_selection_strategy: random
            tooling: {api_standard: openai, version: 0.6.0}
            """);
        var (json, jsonErrors) = WorkloadSpecReader.Read("""
            {"benchmark": {"type": "aiperf"}, "parameters": {"prompt_input_tokens_mean": 550, "prompt_input_tokens_stddev": 150,
             "output_tokens_mean": 150, "concurrency": [1, 10], "request_count": 40, "request_rate_mode": "constant", "streaming": false,
             "goodput": "time_to_first_token:100 inter_token_latency:10", "model": "llama"}, "tooling": {"api_standard": "openai"}}
            """);

        Assert.Empty(yamlErrors);
        Assert.Empty(jsonErrors);
        Assert.Equal((550.0, 150.0, 150.0, 40, ArrivalProcess.Uniform, false, "llama"),
            (yaml!.InputTokensMean, yaml.InputTokensStddev, yaml.OutputTokensMean, yaml.RequestCount, yaml.RequestRateMode, yaml.Streaming, yaml.Model));
        Assert.Equal([1, 10], yaml.Concurrency);
        Assert.Equal((ModelSelectionStrategy.Random, ModelSelectionStrategy.RoundRobin), (yaml.ModelSelection, json!.ModelSelection));
        Assert.Equal(yaml.Goodput, json.Goodput);
        Assert.Equal((yaml.InputTokensStddev, yaml.Concurrency.Count, yaml.RequestCount), (json.InputTokensStddev, json.Concurrency.Count, json.RequestCount));
        Assert.Equal(["concurrency_1", "concurrency_10"], yaml.Passes().Select(p => p.Label));
    }

    [Fact]
    public void A_rate_makes_one_open_loop_pass_and_a_missing_count_is_aiperfs_default()
    {
        var (spec, _) = WorkloadSpecReader.Read("{\"benchmark\": {\"type\": \"aiperf\"}, \"parameters\": {\"request_rate\": 2.5, \"concurrency\": 4}}");

        var pass = Assert.Single(spec!.Passes());

        Assert.Equal((2.5, 4, 10, ArrivalProcess.Poisson), (pass.Rate, pass.Concurrency, pass.RequestCount, pass.Arrivals));
    }

    [Fact]
    public void Every_error_is_named_by_its_path()
    {
        var (spec, errors) = WorkloadSpecReader.Read("""
            parameters:
              isl: 10
              synthetic_input_tokens_mean: 20
              output_tokens_stddev: -1
              request_rate_mode: gamma
              streaming: "yes"
              concurrency: []
              model_selection_strategy: least_loaded
            secrets: {hf_token: arn}
            extra: 1
            """);

        Assert.Null(spec);
        Assert.Equal(
        [
            "secrets: not supported by RightSize yet (it resolves no Secrets Manager ARNs); remove it",
            "extra: unknown key; the workload has benchmark, parameters, tooling and secrets",
            "benchmark: missing; add benchmark: {type: aiperf}",
            "parameters.synthetic_input_tokens_mean: prompt_input_tokens_mean is given twice (under an alias)",
            "parameters.output_tokens_stddev: -1 is impossible; give a number of 0 or more",
            "parameters.request_rate_mode: 'gamma' is not supported; use constant or poisson",
            "parameters.streaming: \"yes\" is not true or false",
            "parameters.concurrency: the list is empty; give levels, e.g. [1, 4, 16]",
            "parameters.model_selection_strategy: 'least_loaded' is not a strategy; use round_robin or random",
        ], errors);
    }

    [Fact]
    public void Broken_yaml_names_the_line()
    {
        var (_, errors) = WorkloadSpecReader.Read("benchmark:\n  type: aiperf\nparameters: [unclosed\n");

        Assert.StartsWith("the workload is not valid YAML or JSON (line ", Assert.Single(errors));
    }
}
