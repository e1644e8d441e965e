namespace RightSize.ModelServer.Payloads;

internal enum PayloadFormat
{
    Csv,
    Json,

    /// <summary>numpy's .npy array (builtin:onnx only).</summary>
    Npy,
}

/// <summary>Maps Content-Type and Accept headers to payload formats (media type parameters are ignored).</summary>
internal static class MediaTypes
{
    public const string Csv = "text/csv";
    public const string Json = "application/json";
    public const string Npy = "application/x-npy";

    public static string Name(this PayloadFormat format) => format switch
    {
        PayloadFormat.Csv => Csv,
        PayloadFormat.Json => Json,
        _ => Npy,
    };

    /// <summary>The request's format; a missing Content-Type means CSV, as in SageMaker's XGBoost container.</summary>
    public static PayloadFormat? FromContentType(string? contentType)
    {
        var type = MediaType(contentType.AsSpan());
        return type.IsEmpty || type.Equals(Csv, StringComparison.OrdinalIgnoreCase) ? PayloadFormat.Csv
            : type.Equals(Json, StringComparison.OrdinalIgnoreCase) ? PayloadFormat.Json
            : type.Equals(Npy, StringComparison.OrdinalIgnoreCase) ? PayloadFormat.Npy
            : null;
    }

    /// <summary>The first supported entry of Accept; no Accept or a wildcard answers in the request's format.</summary>
    public static PayloadFormat? FromAccept(string? accept, PayloadFormat requestFormat)
    {
        if (string.IsNullOrWhiteSpace(accept))
        {
            return requestFormat;
        }

        foreach (var range in accept.AsSpan().Split(','))
        {
            var type = MediaType(accept.AsSpan(range));
            if (type is "*/*" or "*")
            {
                return requestFormat;
            }

            if (type.Equals(Csv, StringComparison.OrdinalIgnoreCase) || type.Equals("text/*", StringComparison.OrdinalIgnoreCase))
            {
                return PayloadFormat.Csv;
            }

            if (type.Equals(Json, StringComparison.OrdinalIgnoreCase) || type.Equals("application/*", StringComparison.OrdinalIgnoreCase))
            {
                return PayloadFormat.Json;
            }

            if (type.Equals(Npy, StringComparison.OrdinalIgnoreCase))
            {
                return PayloadFormat.Npy;
            }
        }

        return null;
    }

    private static ReadOnlySpan<char> MediaType(ReadOnlySpan<char> span)
    {
        var semicolon = span.IndexOf(';');
        return (semicolon < 0 ? span : span[..semicolon]).Trim();
    }
}
