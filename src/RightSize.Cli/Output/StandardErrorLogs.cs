using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace RightSize.Cli.Output;

/// <summary>
/// The structured log of a CLI command, one line per event on standard error, so stdout keeps the progress, the summary
/// and any --json output clean. <see cref="LogLevel.None"/> logs nothing.
/// </summary>
internal static class StandardErrorLogs
{
    public static ILoggerFactory Create(LogLevel level) => level == LogLevel.None
        ? NullLoggerFactory.Instance
        : LoggerFactory.Create(b => b
            .AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
                o.UseUtcTimestamp = true;
            })
            .AddFilter("RightSize", level)
            .SetMinimumLevel(LogLevel.Warning)
            .AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace));
}
