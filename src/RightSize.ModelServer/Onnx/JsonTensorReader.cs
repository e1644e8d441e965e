using System.Globalization;
using System.Text.Json;
using RightSize.ModelServer.Payloads;

namespace RightSize.ModelServer.Onnx;

/// <summary>
/// Reads one tensor written as nested JSON arrays (the outermost is the batch) into an <see cref="InputTensor"/>,
/// learning its shape as it goes: every array at one depth must have the same length.
/// </summary>
internal static class JsonTensorReader
{
    private const int MaxRank = 8;

    /// <summary>Reads from a StartArray (or a single number) to its end; null when it fits the input, else the error.</summary>
    public static string? Read(ref Utf8JsonReader reader, InputTensor tensor)
    {
        var input = tensor.Input;
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return $"input '{input.Name}' must be an array of rows (shape {input.Shape}), not a {reader.TokenType}";
        }

        var shape = new long[MaxRank];
        shape.AsSpan().Fill(-1);
        Span<long> index = stackalloc long[MaxRank];
        var leafDepth = -1;
        var error = ReadArray(ref reader, tensor, shape, index, 0, ref leafDepth);
        if (error is not null)
        {
            return error;
        }

        // Arrays that are all empty have no numbers to say how deep they go: the deepest array seen is the rank.
        var rank = leafDepth >= 0 ? leafDepth : shape.AsSpan().IndexOf(-1L) is var end and >= 0 ? end : MaxRank;
        tensor.Shape = shape[..rank];
        return input.Check(tensor.Shape);
    }

    private static string? ReadArray(
        ref Utf8JsonReader reader, InputTensor tensor, long[] shape, scoped Span<long> index, int depth, ref int leafDepth)
    {
        var input = tensor.Input;
        if (depth >= MaxRank)
        {
            return $"input '{input.Name}' is nested deeper than {MaxRank} arrays; the model expects shape {input.Shape}";
        }

        long count = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            index[depth] = count++;
            var isArray = reader.TokenType == JsonTokenType.StartArray;
            var valueDepth = isArray ? -1 : depth + 1;
            if (!isArray && leafDepth < 0)
            {
                leafDepth = valueDepth;
            }

            if ((isArray && leafDepth >= 0 && depth + 1 >= leafDepth) || (!isArray && valueDepth != leafDepth))
            {
                return $"input '{input.Name}': the arrays are not rectangular at {Position(index[..(depth + 1)])} (numbers and arrays mixed); "
                    + $"the model expects shape {input.Shape}";
            }

            var error = isArray
                ? ReadArray(ref reader, tensor, shape, index, depth + 1, ref leafDepth)
                : ReadValue(ref reader, tensor, index[..(depth + 1)]);
            if (error is not null)
            {
                return error;
            }
        }

        if (shape[depth] < 0)
        {
            shape[depth] = count;
            return null;
        }

        return shape[depth] == count
            ? null
            : $"input '{input.Name}': the arrays are not rectangular at {Position(index[..depth])} ({count} values where others have "
                + $"{shape[depth]}); the model expects shape {input.Shape}";
    }

    private static string? ReadValue(ref Utf8JsonReader reader, InputTensor tensor, scoped ReadOnlySpan<long> at)
    {
        var type = tensor.Input.ElementType;
        if (OnnxElementTypes.IsInteger(type))
        {
            if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var whole)
                && (type == Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int64 || whole is >= int.MinValue and <= int.MaxValue))
            {
                tensor.Add(whole);
                return null;
            }

            return $"input '{tensor.Input.Name}' is {tensor.Input.TypeName}: {Shown(ref reader)} at {Position(at)} is not a whole number of that type";
        }

        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDouble(out var number))
        {
            tensor.Add(number);
            return null;
        }

        if (reader.TokenType == JsonTokenType.Null)
        {
            tensor.Add(double.NaN);
            return null;
        }

        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped && NumberParser.TryParse(reader.ValueSpan, out var parsed))
        {
            tensor.Add(parsed);
            return null;
        }

        return $"input '{tensor.Input.Name}' is {tensor.Input.TypeName}: {Shown(ref reader)} at {Position(at)} is not a number (or null for a missing value)";
    }

    private static string Shown(ref Utf8JsonReader reader) => reader.TokenType is JsonTokenType.StartObject
        ? "an object"
        : $"'{CsvPayloadParser.Shorten(reader.ValueSpan)}'";

    private static string Position(ReadOnlySpan<long> index) => $"index {OnnxInput.Format(index)}";
}
