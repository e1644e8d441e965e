using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using RightSize.Jobs;

namespace RightSize;

/// <summary>
/// Reads SageMaker-shaped JSON into records, reporting malformed JSON (with line and position), unknown fields,
/// duplicate fields, missing required fields and wrong types, all at once and each with its path.
/// </summary>
public static class SageMakerJson
{
    /// <summary>Path used for errors about the document as a whole.</summary>
    public const string RootPath = "$";

    // Hand-written job and workspace files may carry comments and trailing commas; both are harmless.
    private static readonly JsonDocumentOptions DocumentOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static Result<T> Parse<T>(string json, JsonTypeInfo<T> typeInfo)
        where T : class => Parse(() => JsonDocument.Parse(json, DocumentOptions), typeInfo);

    public static Result<T> Parse<T>(ReadOnlyMemory<byte> utf8Json, JsonTypeInfo<T> typeInfo)
        where T : class => Parse(() => JsonDocument.Parse(utf8Json, DocumentOptions), typeInfo);

    private static Result<T> Parse<T>(Func<JsonDocument> read, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        JsonDocument document;
        try
        {
            document = read();
        }
        catch (JsonException e)
        {
            return Result<T>.Failure([new ValidationError(RootPath, Malformed(e)) { Unreadable = true }]);
        }

        using (document)
        {
            return Parse(document.RootElement, typeInfo);
        }
    }

    public static Result<T> Parse<T>(JsonElement element, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            return Result<T>.Failure([new ValidationError(RootPath, $"expected a JSON object, got {element.ValueKind.ToString().ToLowerInvariant()}") { Unreadable = true }]);
        }

        // Undecodable text (a lone surrogate, invalid UTF-8) and oversized lists are refused before anything reads them.
        var unreadable = JsonTextCheck.Check(element);
        if (unreadable.Count > 0)
        {
            return Result<T>.Failure(unreadable);
        }

        var checker = new JsonShapeChecker(typeInfo.Options.TypeInfoResolver!, typeInfo.Options);
        var errors = checker.Check(element, typeInfo);
        if (errors.Count > 0)
        {
            return Result<T>.Failure(errors);
        }

        try
        {
            return Result<T>.Success(element.Deserialize(typeInfo)!);
        }
        catch (JsonException e)
        {
            // The checker covers the usual mistakes; this catches the rest (e.g. an unparseable timestamp string).
            var path = e.Path is null or "$" ? RootPath : e.Path.TrimStart('$', '.');
            return Result<T>.Failure([new ValidationError(path, e.Message) { Unreadable = true }]);
        }
    }

    public static string Serialize<T>(T value, JsonTypeInfo<T> typeInfo) => JsonSerializer.Serialize(value, typeInfo);

    private static string Malformed(JsonException e)
    {
        // The reader's own message ends with " LineNumber: 0 | BytePositionInLine: 5."; report 1-based instead.
        var message = e.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        if (cut >= 0)
        {
            message = message[..cut];
        }

        return $"malformed JSON at line {(e.LineNumber ?? 0) + 1}, position {(e.BytePositionInLine ?? 0) + 1}: {message}";
    }
}
