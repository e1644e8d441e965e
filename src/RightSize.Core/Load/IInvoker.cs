namespace RightSize.Load;

/// <summary>
/// Sends invocations to one endpoint. A virtual user owns one invoker (and so one keep-alive connection), which is why
/// invokers come from a factory; the HTTP path behind it can be swapped for a faster one without touching the engine.
/// </summary>
public interface IInvoker : IAsyncDisposable
{
    /// <summary>
    /// Sends one request and reads the whole response. Expected failures (status codes, timeouts, broken connections)
    /// are returned as outcomes, never thrown; only cancellation of <paramref name="cancellationToken"/> throws.
    /// </summary>
    ValueTask<InvocationOutcome> InvokeAsync(Payload payload, CancellationToken cancellationToken);
}

public interface IInvokerFactory
{
    IInvoker CreateInvoker();
}
