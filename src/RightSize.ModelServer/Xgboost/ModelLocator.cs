namespace RightSize.ModelServer.Xgboost;

/// <summary>
/// Finds the model file in a model directory: <c>model.onnx</c> (served by ONNX Runtime), else the names SageMaker's
/// XGBoost container accepts.
/// </summary>
internal static class ModelLocator
{
    public const string OnnxFileName = "model.onnx";

    public static bool IsOnnx(string path) => path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);

    public static Attempt<string> Find(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return Attempt<string>.Fail(
                $"model directory '{directory}' does not exist; pass --model-dir with the folder that holds model.json");
        }

        foreach (var name in (ReadOnlySpan<string>)[OnnxFileName, "model.json", "xgboost-model"])
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path))
            {
                return Attempt<string>.Ok(path);
            }
        }

        var jsonFiles = Directory.GetFiles(directory, "*.json");
        if (jsonFiles.Length == 1)
        {
            return Attempt<string>.Ok(jsonFiles[0]);
        }

        var found = string.Join(", ", Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).Order().Take(10));
        return jsonFiles.Length == 0
            ? Attempt<string>.Fail(
                $"no model in '{directory}': expected model.onnx, model.json, xgboost-model or a single *.json file saved by "
                + $"Booster.save_model (found: {(found.Length == 0 ? "nothing" : found)})")
            : Attempt<string>.Fail(
                $"'{directory}' holds {jsonFiles.Length} .json files ({found}); name the model file model.json");
    }
}
