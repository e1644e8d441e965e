using System.Buffers;
using Microsoft.AspNetCore.Http;
using RightSize.ModelServer.Hosting;
using RightSize.ModelServer.Payloads;

namespace RightSize.ModelServer.Onnx;

/// <summary>Runs the ONNX model on a JSON, CSV or .npy request and answers in the format the client accepts.</summary>
internal sealed class OnnxInvocationHandler(OnnxModel model) : IInvocationHandler
{
    public async Task InvokeAsync(HttpContext context, CancellationToken cancellationToken)
    {
        if (await PayloadRequest.ReadAsync(context, npy: true, cancellationToken) is not { } request)
        {
            return;
        }

        var parsed = Parse(request.Body, request.Format);
        context.Request.BodyReader.AdvanceTo(request.Body.End);
        if (!parsed.Succeeded || (request.ResponseFormat != PayloadFormat.Json && model.OutputNames.Count != 1))
        {
            parsed.Value?.Dispose();
            var (status, message) = parsed.Succeeded
                ? (StatusCodes.Status406NotAcceptable,
                    $"the model has {model.OutputNames.Count} outputs, which {request.ResponseFormat.Name()} cannot hold; accept {MediaTypes.Json}")
                : (StatusCodes.Status400BadRequest, parsed.Error);
            await ErrorResponse.WriteAsync(context, status, message, cancellationToken);
            return;
        }

        // The whole body is built first, in a pooled buffer, so that it goes out with a Content-Length in one write:
        // no chunked framing, and a client can read it by its length.
        using var body = new PooledBufferWriter(4096);
        using (var inputs = parsed.Value)
        using (var outputs = model.Run(inputs, cancellationToken))
        {
            switch (request.ResponseFormat)
            {
                case PayloadFormat.Csv:
                    OnnxOutputWriter.WriteCsv(body, outputs.First());
                    break;
                case PayloadFormat.Npy:
                    OnnxOutputWriter.WriteNpy(body, outputs.First());
                    break;
                default:
                    OnnxOutputWriter.WriteJson(body, model.OutputNames, outputs);
                    break;
            }
        }

        var response = context.Response;
        response.ContentType = request.ResponseFormat.Name();
        response.ContentLength = body.WrittenCount;
        await response.BodyWriter.WriteAsync(body.WrittenMemory, cancellationToken);
    }

    private Attempt<InputTensors> Parse(ReadOnlySequence<byte> body, PayloadFormat format)
    {
        var bytes = RequestBody.Contiguous(body, out var copy);
        try
        {
            return OnnxRequestReader.Read(bytes, format, model.Inputs);
        }
        finally
        {
            if (copy is not null)
            {
                ArrayPool<byte>.Shared.Return(copy);
            }
        }
    }
}
