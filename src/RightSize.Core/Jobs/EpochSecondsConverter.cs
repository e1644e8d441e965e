using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace RightSize.Jobs;

/// <summary>
/// JSON 1.1 timestamps: epoch seconds as a number with a millisecond fraction, as botocore reads and writes them.
/// Reading also accepts ISO 8601 strings, for hand-written files.
/// </summary>
internal sealed class EpochSecondsConverter : JsonConverter<DateTimeOffset>
{
    public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var seconds))
        {
            return FromSeconds(seconds);
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            var text = reader.GetString()!;
            if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var numeric))
            {
                return FromSeconds(numeric);
            }

            if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed))
            {
                return parsed;
            }
        }

        throw new JsonException("expected a timestamp: epoch seconds or an ISO 8601 string");
    }

    public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(value.ToUnixTimeMilliseconds() / 1000m);

    private static DateTimeOffset FromSeconds(decimal seconds)
    {
        const decimal maxSeconds = 253402300799m; // 9999-12-31T23:59:59Z, DateTimeOffset's limit
        if (seconds < -62135596800m || seconds > maxSeconds)
        {
            throw new JsonException($"timestamp {seconds} is out of range");
        }

        return DateTimeOffset.FromUnixTimeMilliseconds((long)decimal.Round(seconds * 1000m));
    }
}
