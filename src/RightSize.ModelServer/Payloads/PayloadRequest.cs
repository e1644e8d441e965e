using System.Buffers;
using Microsoft.AspNetCore.Http;
using RightSize.ModelServer.Hosting;

namespace RightSize.ModelServer.Payloads;

/// <summary>An invocation's formats and complete body; the caller calls <c>Request.BodyReader.AdvanceTo(Body.End)</c>.</summary>
internal readonly record struct PayloadRequest(PayloadFormat Format, PayloadFormat ResponseFormat, ReadOnlySequence<byte> Body)
{
    /// <summary>Negotiates the formats and reads the whole body; null once it has answered 415, 406 or 413.</summary>
    /// <param name="npy">Whether the model takes and gives <c>application/x-npy</c> too.</param>
    public static async ValueTask<PayloadRequest?> ReadAsync(HttpContext context, bool npy, CancellationToken cancellationToken)
    {
        var request = context.Request;
        var formats = npy ? $"{MediaTypes.Csv}, {MediaTypes.Json} or {MediaTypes.Npy}" : $"{MediaTypes.Csv} or {MediaTypes.Json}";
        if (MediaTypes.FromContentType(request.ContentType) is not { } requestFormat || (requestFormat == PayloadFormat.Npy && !npy))
        {
            await ErrorResponse.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type '{request.ContentType}' is not supported; send {formats}", cancellationToken);
            return null;
        }

        if (MediaTypes.FromAccept(request.Headers.Accept, requestFormat) is not { } responseFormat || (responseFormat == PayloadFormat.Npy && !npy))
        {
            await ErrorResponse.WriteAsync(context, StatusCodes.Status406NotAcceptable,
                $"Accept '{request.Headers.Accept}' is not supported; accept {formats}", cancellationToken);
            return null;
        }

        if (await RequestBody.ReadToEndAsync(request.BodyReader, cancellationToken) is not { } body)
        {
            await ErrorResponse.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, RequestBody.TooLargeMessage, cancellationToken);
            return null;
        }

        return new PayloadRequest(requestFormat, responseFormat, body);
    }
}
