using RightSize.Load;

namespace RightSize.Core.Tests.Load;

/// <summary>
/// Invokers that take a fixed service time on the given clock and succeed (or throw, to test faults); numbers them
/// in creation order and keeps the order they were disposed in.
/// </summary>
internal sealed class FakeInvokerFactory(TimeProvider time, TimeSpan serviceTime, Exception? failWith = null) : IInvokerFactory
{
    private readonly TimeProvider _time = time;
    private readonly TimeSpan _serviceTime = serviceTime;
    private readonly Exception? _failWith = failWith;
    private readonly System.Collections.Concurrent.ConcurrentQueue<int> _disposed = new();
    private int _created;
    private long _invocations;

    public int Live => Volatile.Read(ref _created) - _disposed.Count;

    public long Invocations => Interlocked.Read(ref _invocations);

    public IReadOnlyList<int> DisposedIds => [.. _disposed];

    public IInvoker CreateInvoker() => new Invoker(this, Interlocked.Increment(ref _created) - 1);

    private sealed class Invoker(FakeInvokerFactory owner, int id) : IInvoker
    {
        public async ValueTask<InvocationOutcome> InvokeAsync(Payload payload, CancellationToken cancellationToken)
        {
            await Task.Delay(owner._serviceTime, owner._time, cancellationToken);
            Interlocked.Increment(ref owner._invocations);
            return owner._failWith is { } failure ? throw failure : InvocationOutcome.Success;
        }

        public ValueTask DisposeAsync()
        {
            owner._disposed.Enqueue(id);
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
