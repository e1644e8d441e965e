using System.Globalization;
using System.Text.Json;

namespace RightSize.ModelServer.Xgboost;

/// <summary>
/// Reads a gbtree booster from XGBoost's JSON model format (<c>Booster.save_model("model.json")</c>, 1.7 and later) and
/// packs its trees breadth-first so that each split's children are adjacent.
/// </summary>
internal static class XgboostModelReader
{
    public static Attempt<XgboostModel> Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (IOException e)
        {
            return Attempt<XgboostModel>.Fail($"cannot read the model file '{path}': {e.Message}");
        }

        return Read(bytes, path);
    }

    public static Attempt<XgboostModel> Read(ReadOnlyMemory<byte> json, string name)
    {
        var start = json.Span.IndexOfAnyExcept(" \t\r\n"u8);
        if (start < 0 || json.Span[start] != (byte)'{')
        {
            return Attempt<XgboostModel>.Fail(
                $"'{name}' is not an XGBoost JSON model (it may be the binary or UBJSON format); "
                + "re-save it with booster.save_model(\"model.json\")");
        }

        try
        {
            using var document = JsonDocument.Parse(json[start..], new JsonDocumentOptions { MaxDepth = 16 });
            return Attempt<XgboostModel>.Ok(Read(document.RootElement));
        }
        catch (JsonException e)
        {
            return Attempt<XgboostModel>.Fail($"'{name}' is not valid JSON: {e.Message}");
        }
        catch (InvalidDataException e)
        {
            return Attempt<XgboostModel>.Fail($"'{name}' is not a model this server can serve: {e.Message}");
        }
    }

    private static XgboostModel Read(JsonElement root)
    {
        var learner = Child(root, "learner");
        var parameters = Child(learner, "learner_model_param");
        var featureCount = IntString(parameters, "num_feature");
        var groupCount = Math.Max(1, IntString(parameters, "num_class"));
        if (parameters.TryGetProperty("num_target", out _) && IntString(parameters, "num_target") > 1)
        {
            throw new InvalidDataException("multi-target models are not supported");
        }

        var objectiveName = Child(Child(learner, "objective"), "name").GetString() ?? "";
        var objective = XgboostObjectives.Parse(objectiveName)
            ?? throw new InvalidDataException(
                $"objective '{objectiveName}' is not supported; supported: {string.Join(", ", XgboostObjectives.Names)}");
        if (objective is XgboostObjective.MultiSoftprob or XgboostObjective.MultiSoftmax && groupCount < 2)
        {
            throw new InvalidDataException($"objective {objectiveName} needs num_class of 2 or more");
        }

        var booster = Child(learner, "gradient_booster");
        var boosterName = Child(booster, "name").GetString();
        if (boosterName != "gbtree")
        {
            throw new InvalidDataException($"booster '{boosterName}' is not supported; only gbtree models are");
        }

        var model = Child(booster, "model");
        var trees = Child(model, "trees");
        var treeInfo = Child(model, "tree_info");
        if (treeInfo.GetArrayLength() != trees.GetArrayLength())
        {
            throw new InvalidDataException("tree_info and trees have different lengths");
        }

        var nodes = new List<TreeNode>();
        var roots = new int[trees.GetArrayLength()];
        var groups = new int[roots.Length];
        var depths = new int[roots.Length];
        var t = 0;
        foreach (var tree in trees.EnumerateArray())
        {
            groups[t] = treeInfo[t].GetInt32();
            if ((uint)groups[t] >= (uint)groupCount)
            {
                throw new InvalidDataException($"tree {t} is for class {groups[t]} but the model has {groupCount} classes");
            }

            roots[t] = nodes.Count;
            depths[t] = TreePacker.Append(tree, t, featureCount, nodes);
            t++;
        }

        var baseMargins = BaseScores(Child(parameters, "base_score"), groupCount)
            .Select(score => objective.BaseMargin(score))
            .ToArray();
        return new XgboostModel(objective, featureCount, groupCount, baseMargins, [.. nodes], roots, groups, depths);
    }

    /// <summary>base_score is a string: "5E-1", or "[5E-1]" / "[a,b,c]" (one per class) in newer versions.</summary>
    private static float[] BaseScores(JsonElement element, int groupCount)
    {
        var text = element.ValueKind == JsonValueKind.String ? element.GetString()! : element.GetRawText();
        var scores = text.Trim('[', ']', ' ')
            .Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
            .Select(s => float.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
                ? v
                : throw new InvalidDataException($"base_score '{text}' is not a number"))
            .ToArray();
        return scores.Length switch
        {
            1 => Enumerable.Repeat(scores[0], groupCount).ToArray(),
            _ when scores.Length == groupCount => scores,
            _ => throw new InvalidDataException($"base_score '{text}' has {scores.Length} values for {groupCount} classes"),
        };
    }

    internal static JsonElement Child(JsonElement element, string name)
        => element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var child)
            ? child
            : throw new InvalidDataException($"'{name}' is missing; is this a model saved by Booster.save_model?");

    private static int IntString(JsonElement parent, string name)
    {
        var element = Child(parent, name);
        var text = element.ValueKind == JsonValueKind.String ? element.GetString() : element.GetRawText();
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) && value >= 0
            ? value
            : throw new InvalidDataException($"{name} '{text}' is not a count");
    }
}
