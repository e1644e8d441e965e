using RightSize.Catalog;
using RightSize.Jobs;
using static RightSize.Tests.Jobs.JobSamples;

namespace RightSize.Tests.Jobs;

public sealed class EndpointAndStoppingRuleTests
{
    private const string E = "InputConfig.EndpointConfigurations";
    private const string R = "InputConfig.EndpointConfigurations[0].EnvironmentParameterRanges.CategoricalParameterRanges";

    private static CreateInferenceRecommendationsJobRequest WithRanges(params CategoricalParameter[] parameters) =>
        WithEndpointConfiguration(new() { InstanceType = "ml.c5.xlarge", EnvironmentParameterRanges = new() { CategoricalParameterRanges = [.. parameters] } });

    private static CreateInferenceRecommendationsJobRequest WithServerless(int? memory, int? concurrency, int? provisioned = null) =>
        WithEndpointConfiguration(new() { ServerlessConfig = new() { MemorySizeInMB = memory, MaxConcurrency = concurrency, ProvisionedConcurrency = provisioned } });

    private static CategoricalParameter Parameter(string? name, params string[] values) => new() { Name = name, Value = [.. values] };

    public static TheoryData<string, Func<CreateInferenceRecommendationsJobRequest>, string, string> Cases => new()
    {
        { "configurations missing", () => WithInput(i => i with { EndpointConfigurations = null }), E, "required for Advanced jobs: 1-10 entries" },
        { "configurations empty", () => WithInput(i => i with { EndpointConfigurations = [] }), E, "has 0 entries, out of range 1-10" },
        { "configurations too many", () => WithInput(i => i with { EndpointConfigurations = [.. Enumerable.Repeat(new EndpointInputConfiguration { InstanceType = "ml.c5.xlarge" }, 11)] }), E, "has 11 entries, out of range 1-10" },
        { "both instance and serverless", () => WithEndpointConfiguration(new() { InstanceType = "ml.c5.xlarge", ServerlessConfig = new() { MemorySizeInMB = 2048, MaxConcurrency = 5 } }), $"{E}[0]", "exactly one of InstanceType" },
        { "neither instance nor serverless", () => WithEndpointConfiguration(new()), $"{E}[0]", "exactly one of InstanceType" },
        { "serverless memory low", () => WithServerless(512, 5), $"{E}[0].ServerlessConfig.MemorySizeInMB", "512 is out of range 1024-6144" },
        { "serverless memory step", () => WithServerless(1500, 5), $"{E}[0].ServerlessConfig.MemorySizeInMB", "not a multiple of 1024" },
        { "serverless memory missing", () => WithServerless(null, 5), $"{E}[0].ServerlessConfig.MemorySizeInMB", "required" },
        { "serverless concurrency high", () => WithServerless(2048, 201), $"{E}[0].ServerlessConfig.MaxConcurrency", "201 is out of range 1-200" },
        { "serverless concurrency low", () => WithServerless(2048, 0), $"{E}[0].ServerlessConfig.MaxConcurrency", "0 is out of range 1-200" },
        { "serverless provisioned", () => WithServerless(2048, 5, 2), $"{E}[0].ServerlessConfig.ProvisionedConcurrency", "not supported" },
        { "inference specification name", () => WithEndpointConfiguration(new() { InstanceType = "ml.c5.xlarge", InferenceSpecificationName = "bad_name" }), $"{E}[0].InferenceSpecificationName", "is not valid" },
        { "ranges missing", () => WithEndpointConfiguration(new() { InstanceType = "ml.c5.xlarge", EnvironmentParameterRanges = new() }), R, "required: 1-5 parameters" },
        { "ranges empty", () => WithRanges(), R, "has 0 parameters, out of range 1-5" },
        { "ranges too many", () => WithRanges(Parameter("A", "1"), Parameter("B", "1"), Parameter("C", "1"), Parameter("D", "1"), Parameter("E", "1"), Parameter("F", "1")), R, "has 6 parameters, out of range 1-5" },
        { "range name missing", () => WithRanges(Parameter(null, "1")), $"{R}[0].Name", "required" },
        { "range name pattern", () => WithRanges(Parameter("1WORKERS", "1")), $"{R}[0].Name", "an environment variable name" },
        { "range name twice", () => WithRanges(Parameter("WORKERS", "1"), Parameter("WORKERS", "2")), $"{R}[1].Name", "given twice" },
        { "range values empty", () => WithRanges(Parameter("WORKERS")), $"{R}[0].Value", "has 0 values, out of range 1-3" },
        { "range values too many", () => WithRanges(Parameter("WORKERS", "1", "2", "3", "4")), $"{R}[0].Value", "has 4 values, out of range 1-3" },
        { "range value length", () => WithRanges(Parameter("WORKERS", new string('9', 129))), $"{R}[0].Value[0]", "out of range 0-128" },
        { "max invocations low", () => WithStopping(s => s with { MaxInvocations = 0 }), "StoppingConditions.MaxInvocations", "0 is out of range 1-30000" },
        { "max invocations high", () => WithStopping(s => s with { MaxInvocations = 30001 }), "StoppingConditions.MaxInvocations", "30001 is out of range 1-30000" },
        { "two thresholds", () => WithStopping(s => s with { ModelLatencyThresholds = [new() { Percentile = "P95", ValueInMilliseconds = 1 }, new() { Percentile = "P99", ValueInMilliseconds = 1 }] }), "StoppingConditions.ModelLatencyThresholds", "has 2 thresholds, out of range 1-1" },
        { "no thresholds", () => WithStopping(s => s with { ModelLatencyThresholds = [] }), "StoppingConditions.ModelLatencyThresholds", "has 0 thresholds, out of range 1-1" },
        { "percentile relaxed only", () => WithStopping(s => s with { ModelLatencyThresholds = [new() { Percentile = "P90", ValueInMilliseconds = 100 }] }), "StoppingConditions.ModelLatencyThresholds[0].Percentile", "use one of: P95, P99 (SageMaker's limit" },
        { "percentile unknown", () => WithStopping(s => s with { ModelLatencyThresholds = [new() { Percentile = "P42", ValueInMilliseconds = 100 }] }), "StoppingConditions.ModelLatencyThresholds[0].Percentile", "'P42' is not allowed; use one of: P95, P99" },
        { "percentile missing", () => WithStopping(s => s with { ModelLatencyThresholds = [new() { ValueInMilliseconds = 100 }] }), "StoppingConditions.ModelLatencyThresholds[0].Percentile", "required: P95 or P99" },
        { "threshold value", () => WithStopping(s => s with { ModelLatencyThresholds = [new() { Percentile = "P99", ValueInMilliseconds = 0 }] }), "StoppingConditions.ModelLatencyThresholds[0].ValueInMilliseconds", "0 is out of range >= 1" },
        { "threshold value missing", () => WithStopping(s => s with { ModelLatencyThresholds = [new() { Percentile = "P99" }] }), "StoppingConditions.ModelLatencyThresholds[0].ValueInMilliseconds", "required" },
        { "flat invocations", () => WithStopping(s => s with { FlatInvocations = "Pause" }), "StoppingConditions.FlatInvocations", "use one of: Stop, Continue" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Each_rule_reports_its_path_and_range(string rule, Func<CreateInferenceRecommendationsJobRequest> request, string path, string fragment)
    {
        Assert.NotEmpty(rule);
        AssertSingleError(Strict(request()), path, fragment);
    }

    [Fact]
    public void Serverless_and_parameter_ranges_that_follow_the_rules_are_valid()
    {
        Assert.Empty(Strict(WithServerless(6144, 200)));
        Assert.Empty(Strict(WithRanges(Parameter("OMP_NUM_THREADS", "1", "2", "4"))));
    }

    [Fact]
    public void With_a_catalog_unknown_instance_types_suggest_near_names()
    {
        var job = WithEndpointConfiguration(new() { InstanceType = "ml.c5.xlarg" });

        var errors = JobValidator.Validate(job, new() { Catalog = InstanceCatalog.BuiltIn });

        AssertSingleError(errors, $"{E}[0].InstanceType", "instance type 'ml.c5.xlarg' is not in the instance catalog; did you mean ml.c5.xlarge");
        Assert.Empty(Strict(job));
    }
}
