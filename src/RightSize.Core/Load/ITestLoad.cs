using RightSize.Endpoints;
using RightSize.Results;
using RightSize.Traffic;

namespace RightSize.Load;

/// <summary>
/// One test's running load, as the test's window evaluation sees it: whole seconds, in order, however many generators
/// made them. <see cref="DisposeAsync"/> stops the load (Stop to every generator) and waits for it to end.
/// </summary>
public interface ITestLoad : IAsyncDisposable
{
    /// <summary>Time since the load's start (second 0 began then).</summary>
    TimeSpan Elapsed { get; }

    /// <summary>Users running now, as of the latest second collected.</summary>
    int Users { get; }

    /// <summary>The whole of second <paramref name="second"/> once every generator's part of it is in, else null; each is taken once, in order.</summary>
    SecondBucket? TryCollect(int second);

    /// <summary>Where the load came from (generators, their clock offsets), for the test's notes.</summary>
    IReadOnlyList<Caveat> Caveats { get; }

    /// <summary>Why the load cannot go on (a generator lost mid-test), else null.</summary>
    string? FailureReason { get; }

    /// <summary>The agent whose loss ended the load (retrying elsewhere may help), else null.</summary>
    string? LostAgent { get; }

    /// <summary>
    /// The busiest remote generator's CPU in second <paramref name="second"/>, which the generator-bound caveat reads
    /// when the load comes from agents; null when this process generates the load (its own CPU is measured).
    /// </summary>
    GeneratorCpu? RemoteGeneratorCpu(int second);
}

/// <summary>A remote generator's CPU over one second, in percent of the cores it may use (NaN: it reported none).</summary>
public sealed record GeneratorCpu(string Generator, double Percent, double Cores)
{
    /// <summary>Remote generators sent no CPU for the second (none reported yet, or agents of an older version): not measured.</summary>
    public static GeneratorCpu NoReport { get; } = new(string.Empty, double.NaN, 0);
}

/// <summary>Generators other than this process (a fleet's generator agents) that may run a test's load.</summary>
public interface ILoadGenerators
{
    /// <summary>
    /// Starts <paramref name="request"/>'s load on remote generators, or says why it cannot (none available, an endpoint
    /// remote generators cannot reach), in which case the load is generated on this host.
    /// </summary>
    Task<Result<ITestLoad>> StartAsync(TestLoadRequest request, CancellationToken cancellationToken);
}

/// <summary>What one test's load is: the traffic pattern, its payloads and where they go.</summary>
/// <param name="Endpoint">The endpoint under test (its host decides which generators may load it).</param>
/// <param name="AllowEndpointHost">The job's <c>rightsize:generators-on-endpoint-host</c>: generators may run on the endpoint's host.</param>
/// <param name="Avoid">Agents lost earlier in this test: no load goes to them again.</param>
public sealed record TestLoadRequest(
    IEndpoint Endpoint, ITrafficSchedule Schedule, IReadOnlyList<Payload> Payloads, TimeSpan RequestTimeout, bool AllowEndpointHost,
    IReadOnlySet<string> Avoid);
