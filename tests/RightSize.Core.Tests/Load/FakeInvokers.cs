using RightSize.Load;

namespace RightSize.Core.Tests.Load;

/// <summary>Invokers that take a fixed service time on the given clock and succeed; counts live invokers.</summary>
internal sealed class FakeInvokerFactory(TimeProvider time, TimeSpan serviceTime) : IInvokerFactory
{
    private readonly TimeProvider _time = time;
    private readonly TimeSpan _serviceTime = serviceTime;
    private int _live;

    public int Live => Volatile.Read(ref _live);

    public IInvoker CreateInvoker()
    {
        Interlocked.Increment(ref _live);
        return new Invoker(this);
    }

    private sealed class Invoker(FakeInvokerFactory owner) : IInvoker
    {
        public async ValueTask<InvocationOutcome> InvokeAsync(Payload payload, CancellationToken cancellationToken)
        {
            await Task.Delay(owner._serviceTime, owner._time, cancellationToken);
            return InvocationOutcome.Success;
        }

        public ValueTask DisposeAsync()
        {
            Interlocked.Decrement(ref owner._live);
            return ValueTask.CompletedTask;
        }
    }
}

/// <summary>Wraps a factory to count the invokers it made and those disposed.</summary>
internal sealed class CountingFactory(IInvokerFactory inner) : IInvokerFactory
{
    private int _created;
    private int _disposed;

    public int Created => Volatile.Read(ref _created);

    public int Disposed => Volatile.Read(ref _disposed);

    public IInvoker CreateInvoker()
    {
        Interlocked.Increment(ref _created);
        return new Invoker(inner.CreateInvoker(), this);
    }

    private sealed class Invoker(IInvoker inner, CountingFactory owner) : IInvoker
    {
        public ValueTask<InvocationOutcome> InvokeAsync(Payload payload, CancellationToken cancellationToken) =>
            inner.InvokeAsync(payload, cancellationToken);

        public async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync();
            Interlocked.Increment(ref owner._disposed);
        }
    }
}
