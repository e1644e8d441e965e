using System.Globalization;
using System.Text.Json;

namespace RightSize.Workspaces;

/// <summary>Finds an XGBoost JSON model and reads just <c>learner.learner_model_param.num_feature</c> from it.</summary>
internal static class XgboostModelFile
{
    private static readonly string[] NumFeaturePath = ["learner", "learner_model_param", "num_feature"];

    /// <summary>The model file in <paramref name="modelPath"/>: the path itself when a file, else model.json, xgboost-model, or the only *.json.</summary>
    public static (string? File, string? Error) Find(string modelPath)
    {
        if (File.Exists(modelPath))
        {
            return (modelPath, null);
        }

        foreach (var name in (string[])["model.json", "xgboost-model"])
        {
            if (File.Exists(Path.Combine(modelPath, name)))
            {
                return (Path.Combine(modelPath, name), null);
            }
        }

        var json = Directory.GetFiles(modelPath, "*.json").Where(f => !Path.GetFileName(f).StartsWith('.')).ToArray();
        return json.Length == 1
            ? (json[0], null)
            : (null, $"'{modelPath}' has no model.json or xgboost-model and {json.Length} *.json files; cannot tell which is the model");
    }

    public static (int? NumFeature, string? Error) ReadNumFeature(string modelFile)
    {
        try
        {
            var reader = new Utf8JsonReader(File.ReadAllBytes(modelFile), new JsonReaderOptions { CommentHandling = JsonCommentHandling.Skip });
            var value = FindValue(ref reader);
            return value is > 0
                ? (value, null)
                : (null, $"'{modelFile}' has no positive learner.learner_model_param.num_feature; is it an XGBoost JSON model?");
        }
        catch (JsonException e)
        {
            return (null, $"'{modelFile}' is not an XGBoost JSON model ({e.Message}); save it with save_model(\"model.json\")");
        }
    }

    /// <summary>Walks only the objects on <see cref="NumFeaturePath"/>, skipping every other subtree unread.</summary>
    private static int? FindValue(ref Utf8JsonReader reader)
    {
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return null;
        }

        var level = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var matches = reader.ValueTextEquals(NumFeaturePath[level]);
            reader.Read();
            if (!matches)
            {
                reader.Skip();
                continue;
            }

            if (level == NumFeaturePath.Length - 1)
            {
                // XGBoost writes model parameters as strings ("num_feature": "4").
                return reader.TokenType switch
                {
                    JsonTokenType.String when int.TryParse(reader.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) => n,
                    JsonTokenType.Number when reader.TryGetInt32(out var n) => n,
                    _ => null,
                };
            }

            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            level++;
        }

        return null;
    }
}
