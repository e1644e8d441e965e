using System.Buffers.Text;
using System.Text.Json;
using RightSize.ModelServer.Payloads;

namespace RightSize.ModelServer.Onnx;

/// <summary>The tensors of one request, one per model input in the model's order; disposing returns their buffers.</summary>
internal sealed class InputTensors(IReadOnlyList<InputTensor> tensors) : IDisposable
{
    public IReadOnlyList<InputTensor> Tensors => tensors;

    public void Dispose()
    {
        foreach (var tensor in tensors)
        {
            tensor.Dispose();
        }
    }
}

/// <summary>
/// Reads a request into the model's input tensors: JSON <c>{"instances": rows}</c> (or bare rows) for a single-input
/// model, <c>{"inputs": {name: tensor, ...}}</c> for any model, <c>text/csv</c> (one flattened row per line) for a
/// single-input model whose rows have a fixed shape, and <c>application/x-npy</c> (the whole batch) for a single-input model.
/// </summary>
internal static class OnnxRequestReader
{
    public static Attempt<InputTensors> Read(ReadOnlySpan<byte> body, PayloadFormat format, IReadOnlyList<OnnxInput> inputs)
    {
        var tensors = inputs.Select(input => new InputTensor(input, 64)).ToList();
        string? error;
        try
        {
            error = format switch
            {
                PayloadFormat.Csv => ReadCsv(body, tensors),
                PayloadFormat.Npy => tensors.Count == 1
                    ? NpyFormat.Read(body, tensors[0])
                    : $"application/x-npy holds one array, but the model has {tensors.Count} inputs; send application/json: {Shapes(tensors)}",
                _ => ReadJson(body, tensors),
            };
        }
        catch (JsonException e)
        {
            error = $"the request is not valid JSON: {e.Message}";
        }

        var result = new InputTensors(tensors);
        if (error is null)
        {
            return Attempt<InputTensors>.Ok(result);
        }

        result.Dispose();
        return Attempt<InputTensors>.Fail(error);
    }

    private static string Shapes(IReadOnlyList<InputTensor> tensors) => tensors.Count == 1
        ? $"send {{\"instances\": [row, ...]}} with rows of shape {RowShape(tensors[0].Input)}, or {{\"inputs\": {{\"{tensors[0].Input.Name}\": tensor}}}}"
        : $"send {{\"inputs\": {{{string.Join(", ", tensors.Select(t => $"\"{t.Input.Name}\": {t.Input.Shape}"))}}}}}";

    private static string RowShape(OnnxInput input) => input.Shape.Length <= 2 ? "[]" : "[" + input.Shape[(input.Shape.IndexOf(',') + 2)..];

    private static string? ReadJson(ReadOnlySpan<byte> body, List<InputTensor> tensors)
    {
        if (body.Trim(" \t\r\n"u8).IsEmpty)
        {
            return $"the request is empty; {Shapes(tensors)}";
        }

        var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 16 });
        reader.Read();
        var error = reader.TokenType switch
        {
            JsonTokenType.StartArray => Instances(ref reader, tensors),
            JsonTokenType.StartObject => ReadObject(ref reader, tensors),
            _ => $"unexpected {reader.TokenType}; {Shapes(tensors)}",
        };

        // Reading to the end makes the reader reject anything after the document.
        while (error is null && reader.Read())
        {
        }

        return error;
    }

    private static string? ReadObject(ref Utf8JsonReader reader, List<InputTensor> tensors)
    {
        var found = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isInstances = reader.ValueTextEquals("instances"u8);
            var isInputs = reader.ValueTextEquals("inputs"u8);
            reader.Read();
            string? error = null;
            if ((isInstances || isInputs) && found)
            {
                error = $"give either \"instances\" or \"inputs\", once; {Shapes(tensors)}";
            }
            else if (isInstances)
            {
                error = Instances(ref reader, tensors);
            }
            else if (isInputs && reader.TokenType == JsonTokenType.StartObject)
            {
                error = Inputs(ref reader, tensors);
            }
            else if (isInputs)
            {
                error = Instances(ref reader, tensors);
            }
            else
            {
                reader.Skip();
            }

            if (error is not null)
            {
                return error;
            }

            found |= isInstances || isInputs;
        }

        return found ? null : $"the object has no \"instances\" or \"inputs\"; {Shapes(tensors)}";
    }

    private static string? Instances(ref Utf8JsonReader reader, List<InputTensor> tensors) => tensors.Count == 1
        ? JsonTensorReader.Read(ref reader, tensors[0])
        : $"the model has {tensors.Count} inputs, so rows alone cannot say which is which; {Shapes(tensors)}";

    private static string? Inputs(ref Utf8JsonReader reader, List<InputTensor> tensors)
    {
        var seen = new bool[tensors.Count];
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var name = reader.GetString();
            var index = tensors.FindIndex(t => t.Input.Name == name);
            if (index < 0)
            {
                return $"the model has no input '{name}'; its inputs are {string.Join(", ", tensors.Select(t => $"'{t.Input.Name}' {t.Input.Shape}"))}";
            }

            reader.Read();
            if (JsonTensorReader.Read(ref reader, tensors[index]) is { } error)
            {
                return error;
            }

            seen[index] = true;
        }

        var missing = tensors.Where((_, i) => !seen[i]).Select(t => $"'{t.Input.Name}' {t.Input.Shape} ({t.Input.TypeName})").ToList();
        return missing.Count == 0 ? null : $"\"inputs\" lacks {string.Join(", ", missing)}; {Shapes(tensors)}";
    }

    private static string? ReadCsv(ReadOnlySpan<byte> body, List<InputTensor> tensors)
    {
        if (tensors.Count != 1 || tensors[0].Input.RowLength is not { } length)
        {
            return tensors.Count != 1
                ? $"text/csv serves single-input models; this one has {tensors.Count} inputs; send application/json: {Shapes(tensors)}"
                : $"text/csv needs rows of a fixed shape, but input '{tensors[0].Input.Name}' is {tensors[0].Input.Shape}; send application/json";
        }

        var tensor = tensors[0];
        long rows = 0;
        for (var line = 1; !body.IsEmpty; line++)
        {
            var end = body.IndexOf((byte)'\n');
            var text = (end < 0 ? body : body[..end]).TrimEnd((byte)'\r');
            body = end < 0 ? [] : body[(end + 1)..];
            if (text.Trim(" \t"u8).IsEmpty)
            {
                continue;
            }

            var cells = text.Count((byte)',') + 1;
            if (cells != length)
            {
                return $"row {line} has {cells} values but input '{tensor.Input.Name}' expects {length} per row (shape {tensor.Input.Shape}, flattened)";
            }

            rows++;
            foreach (var range in text.Split((byte)','))
            {
                if (!TryAdd(text[range], tensor))
                {
                    return $"row {line}: '{CsvPayloadParser.Shorten(text[range])}' is not a {tensor.Input.TypeName} value for input '{tensor.Input.Name}'";
                }
            }
        }

        if (rows == 0)
        {
            return $"the request has no rows; send one line of {length} comma-separated values per row";
        }

        tensor.Shape = [rows, .. tensor.Input.Dimensions.Skip(1)];
        return tensor.Input.Check(tensor.Shape);
    }

    private static bool TryAdd(ReadOnlySpan<byte> cell, InputTensor tensor)
    {
        if (!OnnxElementTypes.IsInteger(tensor.Input.ElementType))
        {
            var parsed = NumberParser.TryParse(cell, out var value);
            tensor.Add(value);
            return parsed;
        }

        cell = cell.Trim(" \t"u8);
        var whole = Utf8Parser.TryParse(cell, out long number, out var consumed) && consumed == cell.Length
            && (tensor.Input.ElementType == Microsoft.ML.OnnxRuntime.Tensors.TensorElementType.Int64 || number is >= int.MinValue and <= int.MaxValue);
        tensor.Add(whole ? number : 0L);
        return whole;
    }
}
