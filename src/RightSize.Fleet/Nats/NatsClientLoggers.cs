using Microsoft.Extensions.Logging;

namespace RightSize.Fleet.Nats;

/// <summary>
/// NATS.Net's log into ours, at Warning and up (its Information lines narrate every connect). An exception comes as its
/// messages, e.g. "Fail to connect NATS nats://h:4222: Connection refused", without the stack: the socket's error is
/// the news, and a stack per retry would bury it.
/// </summary>
internal sealed class NatsClientLoggers(ILoggerFactory inner) : ILoggerFactory
{
    public ILogger CreateLogger(string categoryName) => new Logger(inner.CreateLogger(categoryName));

    public void AddProvider(ILoggerProvider provider) => inner.AddProvider(provider);

    /// <summary>The caller owns the factory inside, which outlives the connection.</summary>
    public void Dispose()
    {
    }

    private sealed class Logger(ILogger inner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning && inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            if (exception is null)
            {
                inner.Log(logLevel, eventId, state, null, formatter);
                return;
            }

            inner.Log(logLevel, eventId, $"{formatter(state, exception)}: {NatsConnectionOptions.Describe(exception)}", null, static (message, _) => message);
        }
    }
}
