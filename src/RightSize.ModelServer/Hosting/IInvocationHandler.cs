using Microsoft.AspNetCore.Http;

namespace RightSize.ModelServer.Hosting;

/// <summary>Serves <c>POST /invocations</c> once the model is ready.</summary>
internal interface IInvocationHandler
{
    /// <param name="cancellationToken">Cancelled when the client goes away or the invocation timeout passes.</param>
    Task InvokeAsync(HttpContext context, CancellationToken cancellationToken);

    /// <summary>Whether POST <c>/v1/chat/completions</c> and <c>/v1/completions</c> reach this handler too.</summary>
    bool ServesOpenAi => false;
}
