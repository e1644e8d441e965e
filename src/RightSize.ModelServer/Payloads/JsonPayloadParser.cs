using System.Text.Json;

namespace RightSize.ModelServer.Payloads;

/// <summary>
/// Reads <c>application/json</c> requests: <c>{"instances": [[...], ...]}</c>, <c>[[...], ...]</c> or one flat row
/// <c>[...]</c>. <c>null</c> is a missing value; numeric strings are accepted.
/// </summary>
internal static class JsonPayloadParser
{
    private const string Shapes = "send {\"instances\": [[f1, f2, ...], ...]}, [[f1, f2, ...], ...] or one row [f1, f2, ...]";

    public static Attempt<FeatureMatrix> Parse(ReadOnlySpan<byte> body, int columns)
    {
        if (body.Trim(" \t\r\n"u8).IsEmpty)
        {
            return Attempt<FeatureMatrix>.Fail($"the request is empty; {Shapes}");
        }

        var matrix = new FeatureMatrix(columns, 16);
        string? error;
        try
        {
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 8 });
            error = ReadDocument(ref reader, matrix);
        }
        catch (JsonException e)
        {
            error = $"the request is not valid JSON: {e.Message}";
        }

        if (error is null)
        {
            return Attempt<FeatureMatrix>.Ok(matrix);
        }

        matrix.Dispose();
        return Attempt<FeatureMatrix>.Fail(error);
    }

    private static string? ReadDocument(ref Utf8JsonReader reader, FeatureMatrix matrix)
    {
        reader.Read();
        string? error;
        if (reader.TokenType == JsonTokenType.StartObject)
        {
            error = FindInstances(ref reader) ? ReadRows(ref reader, matrix) : $"the object has no \"instances\" array; {Shapes}";
            while (error is null && reader.Read() && reader.CurrentDepth > 0)
            {
                reader.Skip();
            }
        }
        else
        {
            error = reader.TokenType == JsonTokenType.StartArray ? ReadRows(ref reader, matrix) : $"unexpected {reader.TokenType}; {Shapes}";
        }

        // Reading to the end makes the reader reject anything after the document.
        while (error is null && reader.Read())
        {
        }

        return error;
    }

    private static bool FindInstances(ref Utf8JsonReader reader)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isInstances = reader.ValueTextEquals("instances"u8);
            reader.Read();
            if (isInstances && reader.TokenType == JsonTokenType.StartArray)
            {
                return true;
            }

            reader.Skip();
        }

        return false;
    }

    /// <summary>Reads from the outer array's start to its end: an array of rows, or a single flat row.</summary>
    private static string? ReadRows(ref Utf8JsonReader reader, FeatureMatrix matrix)
    {
        reader.Read();
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return reader.TokenType == JsonTokenType.EndArray ? $"the request has no rows; {Shapes}" : ReadRow(ref reader, matrix, 1);
        }

        for (var row = 1; reader.TokenType != JsonTokenType.EndArray; row++)
        {
            if (reader.TokenType != JsonTokenType.StartArray)
            {
                return $"row {row} is a {reader.TokenType}, not an array of features; {Shapes}";
            }

            reader.Read();
            if (ReadRow(ref reader, matrix, row) is { } error)
            {
                return error;
            }

            reader.Read();
        }

        return null;
    }

    /// <summary>Reads one row's values, from its first value (or end) to its end.</summary>
    private static string? ReadRow(ref Utf8JsonReader reader, FeatureMatrix matrix, int rowNumber)
    {
        var values = matrix.AddRow();
        var column = 0;
        for (; reader.TokenType != JsonTokenType.EndArray; reader.Read(), column++)
        {
            if (column == values.Length)
            {
                return $"row {rowNumber} has more than {values.Length} values but the model expects {values.Length} features";
            }

            var parsed = reader.TokenType switch
            {
                JsonTokenType.Number => reader.TryGetDouble(out var number) && SetFloat(number, out values[column]),
                JsonTokenType.Null => SetFloat(double.NaN, out values[column]),
                JsonTokenType.String => !reader.ValueIsEscaped && NumberParser.TryParse(reader.ValueSpan, out values[column]),
                _ => false,
            };
            if (!parsed)
            {
                var shown = reader.TokenType is JsonTokenType.StartArray or JsonTokenType.StartObject
                    ? reader.TokenType.ToString()
                    : CsvPayloadParser.Shorten(reader.ValueSpan);
                return $"row {rowNumber}, column {column + 1}: '{shown}' is not a number (or null for a missing value)";
            }
        }

        return column == values.Length
            ? null
            : $"row {rowNumber} has {column} values but the model expects {values.Length} features";
    }

    private static bool SetFloat(double number, out float value)
    {
        value = (float)number;
        return true;
    }
}
