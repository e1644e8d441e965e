namespace RightSize.ModelServer.Hosting;

/// <summary>
/// Finds the model file in a model directory for the format the container's Image asks for: <c>model.onnx</c> for
/// <c>builtin:onnx</c>, the names SageMaker's XGBoost container accepts for <c>builtin:xgboost</c>, and, when nothing
/// is asked, <c>model.onnx</c> first, then the XGBoost names.
/// </summary>
internal static class ModelLocator
{
    public const string OnnxFileName = "model.onnx";

    private const string XgboostFiles = "model.json, xgboost-model or a single *.json file saved by Booster.save_model";

    public static bool IsOnnx(string path) => path.EndsWith(".onnx", StringComparison.OrdinalIgnoreCase);

    public static Attempt<string> Find(string directory, ModelFormat format = ModelFormat.Any)
    {
        if (!Directory.Exists(directory))
        {
            var expected = format == ModelFormat.Onnx ? OnnxFileName : "the model";
            return Attempt<string>.Fail(
                $"model directory '{directory}' does not exist; pass --model-dir with the folder that holds {expected}");
        }

        var onnx = Path.Combine(directory, OnnxFileName);
        return format switch
        {
            ModelFormat.Onnx => File.Exists(onnx)
                ? Attempt<string>.Ok(onnx)
                : Attempt<string>.Fail(
                    $"Image builtin:onnx (--onnx) serves {OnnxFileName} with ONNX Runtime, but '{directory}' has no {OnnxFileName} "
                    + $"(found: {Listing(directory)}); export the model there as {OnnxFileName}, or use Image builtin:xgboost for an XGBoost model"),
            ModelFormat.Any when File.Exists(onnx) => Attempt<string>.Ok(onnx),
            _ => FindXgboost(directory, format),
        };
    }

    private static Attempt<string> FindXgboost(string directory, ModelFormat format)
    {
        foreach (var name in (ReadOnlySpan<string>)["model.json", "xgboost-model"])
        {
            var path = Path.Combine(directory, name);
            if (File.Exists(path))
            {
                return Attempt<string>.Ok(path);
            }
        }

        // A folder with model.onnx is an ONNX model's, whatever .json files lie beside it (configs, sample requests).
        var found = Listing(directory);
        if (format == ModelFormat.Xgboost && File.Exists(Path.Combine(directory, OnnxFileName)))
        {
            return Attempt<string>.Fail(
                $"Image builtin:xgboost (--xgboost) serves an XGBoost model, but '{directory}' holds {OnnxFileName} and no model.json or "
                + $"xgboost-model (found: {found}); use Image builtin:onnx to serve {OnnxFileName}, or save the XGBoost model there as model.json");
        }

        var jsonFiles = Directory.GetFiles(directory, "*.json");
        if (jsonFiles.Length == 1)
        {
            return Attempt<string>.Ok(jsonFiles[0]);
        }

        if (jsonFiles.Length > 1)
        {
            return Attempt<string>.Fail($"'{directory}' holds {jsonFiles.Length} .json files ({found}); name the model file model.json");
        }

        return format == ModelFormat.Xgboost
            ? Attempt<string>.Fail(
                $"Image builtin:xgboost (--xgboost) serves an XGBoost model, but '{directory}' has none: expected {XgboostFiles} (found: {found})")
            : Attempt<string>.Fail($"no model in '{directory}': expected {OnnxFileName}, {XgboostFiles} (found: {found})");
    }

    private static string Listing(string directory)
    {
        var found = string.Join(", ", Directory.EnumerateFileSystemEntries(directory).Select(Path.GetFileName).Order().Take(10));
        return found.Length == 0 ? "nothing" : found;
    }
}
