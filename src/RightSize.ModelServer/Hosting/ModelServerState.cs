namespace RightSize.ModelServer.Hosting;

/// <summary>Whether the model is ready: the invocation handler appears once the background load finishes.</summary>
internal sealed class ModelServerState
{
    private volatile IInvocationHandler? _handler;
    private volatile string _notReadyReason = "the model is loading";

    public IInvocationHandler? Handler => _handler;

    public string NotReadyReason => _notReadyReason;

    public void SetReady(IInvocationHandler handler) => _handler = handler;

    public void SetNotReady(string reason) => _notReadyReason = reason;
}
