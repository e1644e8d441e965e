using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RightSize.Generative;

/// <summary>
/// Reads a workload document written in JSON or YAML into one JSON tree, so that both are validated by the same code.
/// YAML plain scalars follow the YAML 1.2 core schema (null, true/false, numbers); quoted scalars stay strings.
/// </summary>
public static class SpecDocument
{
    public static JsonNode? Parse(string text, List<string> errors)
    {
        var trimmed = text.TrimStart();
        if (trimmed.StartsWith('{'))
        {
            try
            {
                return JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { AllowTrailingCommas = false });
            }
            catch (JsonException e)
            {
                errors.Add($"the workload is not valid JSON: {e.Message}");
                return null;
            }
        }

        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode, "", errors);
        }
        catch (YamlException e)
        {
            errors.Add($"the workload is not valid YAML or JSON (line {e.Start.Line}, column {e.Start.Column}): {e.Message}");
            return null;
        }
    }

    private static JsonNode? Convert(YamlNode node, string path, List<string> errors)
    {
        switch (node)
        {
            case YamlMappingNode mapping:
                var obj = new JsonObject();
                foreach (var (key, value) in mapping.Children)
                {
                    var name = (key as YamlScalarNode)?.Value ?? key.ToString();
                    var child = path.Length == 0 ? name : $"{path}.{name}";
                    if (obj.ContainsKey(name))
                    {
                        errors.Add($"{child}: the key appears twice (line {key.Start.Line})");
                        continue;
                    }

                    obj[name] = Convert(value, child, errors);
                }

                return obj;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Children)
                {
                    array.Add(Convert(item, $"{path}[{array.Count}]", errors));
                }

                return array;
            case YamlScalarNode scalar:
                return Scalar(scalar);
            default:
                errors.Add($"{path}: YAML aliases and tags are not supported; write the value out");
                return null;
        }
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        var value = scalar.Value ?? string.Empty;
        if (scalar.Style != YamlDotNet.Core.ScalarStyle.Plain)
        {
            return JsonValue.Create(value);
        }

        return value switch
        {
            "" or "~" or "null" or "Null" or "NULL" => null,
            "true" or "True" or "TRUE" => JsonValue.Create(true),
            "false" or "False" or "FALSE" => JsonValue.Create(false),
            _ when long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) => JsonValue.Create(whole),
            _ when double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) => JsonValue.Create(number),
            _ => JsonValue.Create(value),
        };
    }
}
