using RightSize.Jobs;
using RightSize.Results;

namespace RightSize.Orchestration;

/// <summary>
/// The tests of a job: one per endpoint configuration and per combination of its EnvironmentParameterRanges values
/// (the cartesian product of every categorical parameter's values).
/// </summary>
internal static class TestMatrix
{
    public static IEnumerable<(int ConfigurationIndex, EndpointInputConfiguration Configuration, IReadOnlyList<EnvironmentParameter> Parameters)> Expand(
        IReadOnlyList<EndpointInputConfiguration> configurations)
    {
        for (var i = 0; i < configurations.Count; i++)
        {
            foreach (var combination in Combinations(configurations[i].EnvironmentParameterRanges?.CategoricalParameterRanges ?? []))
            {
                yield return (i, configurations[i], combination);
            }
        }
    }

    public static int Count(IReadOnlyList<EndpointInputConfiguration> configurations) =>
        configurations.Sum(c => (c.EnvironmentParameterRanges?.CategoricalParameterRanges ?? [])
            .Aggregate(1, (n, p) => n * Math.Max(1, p.Value?.Count ?? 1)));

    private static IEnumerable<IReadOnlyList<EnvironmentParameter>> Combinations(IReadOnlyList<CategoricalParameter> parameters)
    {
        IEnumerable<IReadOnlyList<EnvironmentParameter>> combinations = [[]];
        foreach (var parameter in parameters)
        {
            var values = parameter.Value ?? [];
            combinations = combinations.SelectMany(prefix => values.Select(value =>
                (IReadOnlyList<EnvironmentParameter>)[.. prefix, new EnvironmentParameter { Key = parameter.Name!, ValueType = "String", Value = value }]));
        }

        return combinations;
    }
}
