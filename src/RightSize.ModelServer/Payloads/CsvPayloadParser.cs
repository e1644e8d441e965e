using System.Text;

namespace RightSize.ModelServer.Payloads;

/// <summary>
/// Reads <c>text/csv</c> requests as SageMaker's XGBoost container does: one row of features per line, no header, no
/// label column; empty cells are missing values. Cells are parsed straight from the request bytes.
/// </summary>
internal static class CsvPayloadParser
{
    public static Attempt<FeatureMatrix> Parse(ReadOnlySpan<byte> body, int columns)
    {
        var matrix = new FeatureMatrix(columns, body.Count((byte)'\n') + 1);
        var error = Fill(body, matrix);
        if (error is null && matrix.Rows == 0)
        {
            error = $"the request has no rows; send one line of {columns} comma-separated features per row";
        }

        if (error is null)
        {
            return Attempt<FeatureMatrix>.Ok(matrix);
        }

        matrix.Dispose();
        return Attempt<FeatureMatrix>.Fail(error);
    }

    private static string? Fill(ReadOnlySpan<byte> body, FeatureMatrix matrix)
    {
        var columns = matrix.Columns;
        for (var line = 1; !body.IsEmpty; line++)
        {
            var end = body.IndexOf((byte)'\n');
            var text = end < 0 ? body : body[..end];
            body = end < 0 ? [] : body[(end + 1)..];
            if (text.Trim(" \t\r"u8).IsEmpty)
            {
                continue;
            }

            text = text.TrimEnd((byte)'\r');
            var cells = text.Count((byte)',') + 1;
            if (cells != columns)
            {
                return $"row {line} has {cells} columns but the model expects {columns} features "
                    + "(send features only: no label column, no header)";
            }

            var row = matrix.AddRow();
            for (var column = 0; column < columns; column++)
            {
                var comma = text.IndexOf((byte)',');
                var cell = comma < 0 ? text : text[..comma];
                text = comma < 0 ? [] : text[(comma + 1)..];
                if (!NumberParser.TryParse(cell, out row[column]))
                {
                    var hint = line == 1 ? " (the request must not have a header row)" : "";
                    return $"row {line}, column {column + 1}: '{Shorten(cell)}' is not a number{hint}";
                }
            }
        }

        return null;
    }

    internal static string Shorten(ReadOnlySpan<byte> text)
    {
        var shown = Encoding.UTF8.GetString(text.Length > 40 ? text[..40] : text).Trim();
        return text.Length > 40 ? shown + "..." : shown;
    }
}
