using System.Globalization;
using System.Text.RegularExpressions;

namespace RightSize.Server.Tests.Infrastructure;

/// <summary>Reads a sample from a /metrics scrape in Prometheus text format.</summary>
internal static class Prometheus
{
    public static double Value(string text, string name) =>
        Find(text, name) ?? throw new Xunit.Sdk.XunitException($"{name} not in /metrics:\n{text}");

    /// <summary>The first sample of the metric, or null when the scrape has none.</summary>
    public static double? Find(string text, string name)
    {
        var match = Regex.Match(text, "^" + Regex.Escape(name) + @"\{[^}]*\} (\S+)", RegexOptions.Multiline);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : null;
    }
}
