using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace RightSize.Jobs;

/// <summary>
/// Checks a parsed document against the serializer's own metadata before deserializing, so that every unknown field,
/// duplicate field, missing required field and wrong type is reported at once, each with its path.
/// </summary>
internal sealed class JsonShapeChecker(IJsonTypeInfoResolver resolver, JsonSerializerOptions options)
{
    private readonly List<ValidationError> _errors = [];

    public IReadOnlyList<ValidationError> Check(JsonElement element, JsonTypeInfo typeInfo)
    {
        Visit(element, typeInfo, "$");
        return _errors;
    }

    internal static string Child(string parent, string name) => parent == "$" ? name : $"{parent}.{name}";

    private void Visit(JsonElement element, JsonTypeInfo typeInfo, string path)
    {
        if (element.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        switch (typeInfo.Kind)
        {
            case JsonTypeInfoKind.Object:
                VisitObject(element, typeInfo, path);
                break;
            case JsonTypeInfoKind.Enumerable when Expect(element, JsonValueKind.Array, "a list", path):
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    VisitItem(item, typeInfo.ElementType!, $"{path}[{index++}]");
                }

                break;
            case JsonTypeInfoKind.Dictionary when Expect(element, JsonValueKind.Object, "an object (a map)", path):
                foreach (var entry in element.EnumerateObject())
                {
                    VisitItem(entry.Value, typeInfo.ElementType!, $"{path}[\"{entry.Name}\"]");
                }

                break;
            case JsonTypeInfoKind.None:
                CheckScalar(element, Nullable.GetUnderlyingType(typeInfo.Type) ?? typeInfo.Type, path);
                break;
        }
    }

    /// <summary>List items and map values are never optional: a null there is a mistake, not an omission.</summary>
    private void VisitItem(JsonElement item, Type itemType, string path)
    {
        if (item.ValueKind == JsonValueKind.Null)
        {
            _errors.Add(new(path, "must not be null; remove the entry or give a value"));
        }
        else
        {
            Visit(item, Resolve(itemType), path);
        }
    }

    private void VisitObject(JsonElement element, JsonTypeInfo typeInfo, string path)
    {
        if (!Expect(element, JsonValueKind.Object, "an object", path))
        {
            return;
        }

        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var member in element.EnumerateObject())
        {
            var memberPath = Child(path, member.Name);
            var property = typeInfo.Properties.FirstOrDefault(p => p.Name == member.Name);
            if (property is null)
            {
                _errors.Add(new(memberPath, $"unknown field; allowed: {string.Join(", ", typeInfo.Properties.Select(p => p.Name))}"));
            }
            else if (!seen.Add(member.Name))
            {
                _errors.Add(new(memberPath, "duplicate field; give it once"));
            }
            else if (member.Value.ValueKind == JsonValueKind.Null && (property.IsRequired || !property.IsSetNullable))
            {
                _errors.Add(new(memberPath, "must not be null; give a value or leave the field out"));
            }
            else if (SageMakerListLimits.Check(typeInfo.Type, member.Name, member.Value) is { } overLimit)
            {
                _errors.Add(new(memberPath, overLimit));
            }
            else if (!IsNamedFloat(member.Value, property))
            {
                Visit(member.Value, Resolve(property.PropertyType), memberPath);
            }
        }

        foreach (var property in typeInfo.Properties.Where(p => p.IsRequired && !seen.Contains(p.Name)))
        {
            _errors.Add(new(Child(path, property.Name), "required field is missing"));
        }
    }

    /// <summary>"NaN", "Infinity" or "-Infinity" where the member allows them (AWS writes a non-finite float so, e.g. a cost not available).</summary>
    private static bool IsNamedFloat(JsonElement element, JsonPropertyInfo property) =>
        element.ValueKind == JsonValueKind.String
        && (property.NumberHandling ?? JsonNumberHandling.Strict).HasFlag(JsonNumberHandling.AllowNamedFloatingPointLiterals)
        && element.GetString() is "NaN" or "Infinity" or "-Infinity";

    private void CheckScalar(JsonElement element, Type type, string path)
    {
        if (type == typeof(string))
        {
            Expect(element, JsonValueKind.String, "a string", path);
        }
        else if (type == typeof(bool))
        {
            if (element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
            {
                _errors.Add(new(path, $"expected true or false, got {Describe(element)}") { Unreadable = true });
            }
        }
        else if (type == typeof(int) || type == typeof(long))
        {
            var fits = element.ValueKind == JsonValueKind.Number
                && (type == typeof(int) ? element.TryGetInt32(out _) : element.TryGetInt64(out _));
            if (!fits)
            {
                var size = type == typeof(int) ? "32-bit" : "64-bit";
                _errors.Add(new(path, $"expected a whole number ({size}), got {Describe(element)}") { Unreadable = true });
            }
        }
        else if (type == typeof(double))
        {
            Expect(element, JsonValueKind.Number, "a number", path);
        }
        else if (type == typeof(DateOnly))
        {
            if (element.ValueKind != JsonValueKind.String || !DateOnly.TryParseExact(element.GetString(), "yyyy-MM-dd", out _))
            {
                _errors.Add(new(path, $"expected an ISO date string (yyyy-MM-dd), got {Describe(element)}") { Unreadable = true });
            }
        }
        else if (type == typeof(DateTimeOffset) && element.ValueKind is not (JsonValueKind.Number or JsonValueKind.String))
        {
            _errors.Add(new(path, $"expected a timestamp (epoch seconds or ISO 8601 string), got {Describe(element)}") { Unreadable = true });
        }
    }

    private bool Expect(JsonElement element, JsonValueKind kind, string what, string path)
    {
        if (element.ValueKind == kind)
        {
            return true;
        }

        _errors.Add(new(path, $"expected {what}, got {Describe(element)}") { Unreadable = true });
        return false;
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "a list",
        JsonValueKind.String => $"the string \"{Truncate(element.GetString()!)}\"",
        JsonValueKind.Number => $"the number {Truncate(element.GetRawText())}",
        JsonValueKind.True or JsonValueKind.False => element.GetRawText(),
        _ => "null",
    };

    private static string Truncate(string text) => text.Length <= 40 ? text : string.Concat(text.AsSpan(0, 40), "...");

    private JsonTypeInfo Resolve(Type type) =>
        resolver.GetTypeInfo(type, options) ?? throw new InvalidOperationException($"{type} is not in the JSON context");
}
