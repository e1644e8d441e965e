using System.Buffers;
using Microsoft.AspNetCore.Http;
using RightSize.ModelServer.Hosting;
using RightSize.ModelServer.Payloads;

namespace RightSize.ModelServer.Xgboost;

/// <summary>Scores CSV or JSON rows with the XGBoost model and answers in the format the client accepts.</summary>
internal sealed class XgboostInvocationHandler(XgboostModel model) : IInvocationHandler
{
    public async Task InvokeAsync(HttpContext context, CancellationToken cancellationToken)
    {
        var request = context.Request;
        if (MediaTypes.FromContentType(request.ContentType) is not { } requestFormat)
        {
            await ErrorResponse.WriteAsync(context, StatusCodes.Status415UnsupportedMediaType,
                $"Content-Type '{request.ContentType}' is not supported; send {MediaTypes.Csv} or {MediaTypes.Json}", cancellationToken);
            return;
        }

        if (MediaTypes.FromAccept(request.Headers.Accept, requestFormat) is not { } responseFormat)
        {
            await ErrorResponse.WriteAsync(context, StatusCodes.Status406NotAcceptable,
                $"Accept '{request.Headers.Accept}' is not supported; accept {MediaTypes.Csv} or {MediaTypes.Json}", cancellationToken);
            return;
        }

        var reader = request.BodyReader;
        if (await RequestBody.ReadToEndAsync(reader, cancellationToken) is not { } body)
        {
            await ErrorResponse.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, RequestBody.TooLargeMessage, cancellationToken);
            return;
        }

        var parsed = Parse(body, requestFormat);
        reader.AdvanceTo(body.End);
        if (!parsed.Succeeded)
        {
            await ErrorResponse.WriteAsync(context, StatusCodes.Status400BadRequest, parsed.Error, cancellationToken);
            return;
        }

        using var features = parsed.Value;
        var width = model.OutputWidth;
        var predictions = ArrayPool<float>.Shared.Rent(features.Rows * width);
        var text = ArrayPool<byte>.Shared.Rent(PredictionWriter.MaxBytes(features.Rows, width));
        try
        {
            var output = predictions.AsSpan(0, features.Rows * width);
            model.Predict(features.Values, features.Rows, output, cancellationToken);
            var length = PredictionWriter.Write(text, output, width, responseFormat);
            var response = context.Response;
            response.ContentType = responseFormat.Name();
            response.ContentLength = length;
            await response.Body.WriteAsync(text.AsMemory(0, length), cancellationToken);
        }
        finally
        {
            ArrayPool<float>.Shared.Return(predictions);
            ArrayPool<byte>.Shared.Return(text);
        }
    }

    private Attempt<FeatureMatrix> Parse(ReadOnlySequence<byte> body, PayloadFormat format)
    {
        byte[]? copy = null;
        try
        {
            // Kestrel hands large bodies over in several segments; the parsers want one span.
            ReadOnlySpan<byte> bytes = body.IsSingleSegment ? body.FirstSpan : Flatten(body, out copy);
            return format == PayloadFormat.Csv
                ? CsvPayloadParser.Parse(bytes, model.FeatureCount)
                : JsonPayloadParser.Parse(bytes, model.FeatureCount);
        }
        finally
        {
            if (copy is not null)
            {
                ArrayPool<byte>.Shared.Return(copy);
            }
        }
    }

    private static ReadOnlySpan<byte> Flatten(ReadOnlySequence<byte> body, out byte[] copy)
    {
        copy = ArrayPool<byte>.Shared.Rent((int)body.Length);
        body.CopyTo(copy);
        return copy.AsSpan(0, (int)body.Length);
    }
}
