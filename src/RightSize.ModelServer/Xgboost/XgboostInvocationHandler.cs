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
        if (await PayloadRequest.ReadAsync(context, npy: false, cancellationToken) is not { } request)
        {
            return;
        }

        var parsed = Parse(request.Body, request.Format);
        context.Request.BodyReader.AdvanceTo(request.Body.End);
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
            var length = PredictionWriter.Write(text, output, width, request.ResponseFormat);
            var response = context.Response;
            response.ContentType = request.ResponseFormat.Name();
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
        var bytes = RequestBody.Contiguous(body, out var copy);
        try
        {
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
}
