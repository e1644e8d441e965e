using System.Globalization;

namespace RightSize.ModelServer.Payloads;

/// <summary>
/// Formats predictions: CSV has one line per row (class probabilities comma-joined); JSON is
/// <c>{"predictions": [...]}</c> with a number or a list per row. Numbers are shortest round-trip float32.
/// </summary>
internal static class PredictionWriter
{
    // "-1.2345678E-38" is the longest float32 round-trip text; one separator follows each value.
    private const int MaxNumberBytes = 16;

    public static int MaxBytes(int rows, int width) => (rows * ((width * MaxNumberBytes) + 4)) + 32;

    public static int Write(Span<byte> destination, ReadOnlySpan<float> predictions, int width, PayloadFormat format)
        => format == PayloadFormat.Csv ? WriteCsv(destination, predictions, width) : WriteJson(destination, predictions, width);

    private static int WriteCsv(Span<byte> destination, ReadOnlySpan<float> predictions, int width)
    {
        var written = 0;
        for (var i = 0; i < predictions.Length; i++)
        {
            written += WriteNumber(destination[written..], predictions[i], json: false);
            destination[written++] = (i + 1) % width == 0 ? (byte)'\n' : (byte)',';
        }

        return written;
    }

    private static int WriteJson(Span<byte> destination, ReadOnlySpan<float> predictions, int width)
    {
        var written = Append(destination, "{\"predictions\":["u8);
        for (var i = 0; i < predictions.Length; i++)
        {
            var column = i % width;
            if (i > 0)
            {
                destination[written++] = (byte)',';
            }

            if (width > 1 && column == 0)
            {
                destination[written++] = (byte)'[';
            }

            written += WriteNumber(destination[written..], predictions[i], json: true);
            if (width > 1 && column == width - 1)
            {
                destination[written++] = (byte)']';
            }
        }

        return written + Append(destination[written..], "]}\n"u8);
    }

    private static int WriteNumber(Span<byte> destination, float value, bool json)
    {
        if (json && !float.IsFinite(value))
        {
            return Append(destination, "null"u8);
        }

        value.TryFormat(destination, out var written, default, CultureInfo.InvariantCulture);
        return written;
    }

    private static int Append(Span<byte> destination, ReadOnlySpan<byte> text)
    {
        text.CopyTo(destination);
        return text.Length;
    }
}
