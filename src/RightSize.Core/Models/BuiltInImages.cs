namespace RightSize.Models;

/// <summary>The <c>Image</c> values RightSize serves itself; any other image is a Docker image.</summary>
public static class BuiltInImages
{
    /// <summary>The reference server serving the XGBoost JSON model at ModelDataUrl.</summary>
    public const string Xgboost = "builtin:xgboost";

    /// <summary>The reference server serving the ONNX model (<c>model.onnx</c>) at ModelDataUrl with ONNX Runtime.</summary>
    public const string Onnx = "builtin:onnx";

    /// <summary>The reference server in calibrated mode (known service time and concurrency).</summary>
    public const string Synthetic = "builtin:synthetic";

    /// <summary>The reference server as a simulated LLM engine (OpenAI and LMI/TGI streaming, known TTFT and ITL).</summary>
    public const string LlmSynthetic = "builtin:llm-synthetic";

    /// <summary>A local command, in <c>Environment["RIGHTSIZE_COMMAND"]</c>, that serves the container contract.</summary>
    public const string Process = "process";

    public const string ProcessCommandVariable = "RIGHTSIZE_COMMAND";
}
