namespace RightSize.ModelServer;

/// <summary>The embedded demo XGBoost model and sample payloads, copied next to the assembly.</summary>
public static class DemoModel
{
    public const string ContentType = "text/csv";

    /// <summary>The model directory (holds model.json), for <c>--model-dir</c>.</summary>
    public static string Directory { get; } = Path.Combine(AppContext.BaseDirectory, "DemoModel");

    /// <summary>Sample CSV requests: single rows and one 10-row batch.</summary>
    public static string PayloadDirectory { get; } = Path.Combine(Directory, "payloads");

    /// <summary>
    /// The demo ONNX model (holds model.onnx: an MLP on scikit-learn's digits, 64 pixels to 10 class probabilities,
    /// from scripts/onnx/make_models.py), with JSON sample requests in its payloads/ folder.
    /// </summary>
    public static string OnnxDirectory { get; } = Path.Combine(AppContext.BaseDirectory, "DemoOnnxModel");
}
