using System.Globalization;
using System.Net;
using RightSize.Jobs;
using RightSize.Results;

namespace RightSize.Reports;

/// <summary>Number, time and label formatting shared by the CSV and the HTML report: invariant culture throughout.</summary>
internal static class ReportFormat
{
    internal const string NotAvailable = "n/a";

    private static readonly string[] DecimalPatterns = ["0", "0.#", "0.##", "0.###", "0.####", "0.#####", "0.######"];

    /// <summary>Rounds to at most <paramref name="maxDecimals"/> and drops trailing zeros; NaN becomes empty.</summary>
    internal static string Number(double value, int maxDecimals) =>
        double.IsNaN(value) ? "" : value.ToString(DecimalPatterns[maxDecimals], CultureInfo.InvariantCulture);

    internal static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>Five significant digits in exponent form, as tiny costs per inference read best (1.0332e-05).</summary>
    internal static string Scientific(double value) => double.IsNaN(value) ? NotAvailable : value.ToString("0.####e+00", CultureInfo.InvariantCulture);

    internal static string Percent(double value) => double.IsNaN(value) ? NotAvailable : Number(value, 1) + " %";

    internal static string Milliseconds(double value) => double.IsNaN(value) ? NotAvailable : Number(value, 3) + " ms";

    internal static string Seconds(TimeSpan? value) => value is { } v ? Number(v.TotalSeconds, 2) + " s" : NotAvailable;

    internal static string Time(DateTimeOffset? value) =>
        value is { } v ? v.ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) : "-";

    internal static string Html(string? text) => WebUtility.HtmlEncode(text ?? "");

    /// <summary>The instance type, or <c>serverless-&lt;mem&gt;MB-&lt;conc&gt;</c> for a serverless configuration.</summary>
    internal static string EndpointLabel(EndpointInputConfiguration configuration) =>
        EndpointLabel(configuration.InstanceType, configuration.ServerlessConfig);

    /// <summary>The same label from a job step's (or any shape's) instance type and serverless settings.</summary>
    internal static string EndpointLabel(string? instanceType, ProductionVariantServerlessConfig? serverless) => (instanceType, serverless) switch
    {
        ({ } type, _) => type,
        (_, { } s) => $"serverless-{s.MemorySizeInMB}MB-{s.MaxConcurrency}",
        _ => "existing-endpoint",
    };

    /// <summary>Environment parameter values as <c>K=V;K=V</c>, in the test's order.</summary>
    internal static string Environment(IReadOnlyList<EnvironmentParameter> parameters) =>
        string.Join(';', parameters.Select(p => $"{p.Key}={p.Value}"));
}
