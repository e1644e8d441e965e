using System.CommandLine;

namespace RightSize.ModelServer.Hosting;

/// <summary>
/// The model server's options, defined once: for the standalone exe's root command and for <c>rightsize model
/// serve</c>. Values stay strings so that <see cref="ModelServerOptionsParser"/> can name the option or the environment
/// variable a bad value came from.
/// </summary>
internal sealed class ServeOptions
{
    public const string Description = "Run the reference model server: the SageMaker container contract (GET /ping, POST /invocations). "
        + "Once listening it prints one line, 'Listening on http://HOST:PORT'; SIGTERM shuts it down gracefully.";

    public Option<string?> Port { get; } = Value("--port", "P", "port to listen on (env SAGEMAKER_BIND_TO_PORT; default 8080; 0 = any free port)");

    public Option<string?> Host { get; } = Value("--host", "H", "address to bind (env RIGHTSIZE_BIND_HOST; default 127.0.0.1; 0.0.0.0 = all)");

    public Option<string?> ModelDirectory { get; } = Value("--model-dir", "DIR", "folder with model.onnx, model.json, xgboost-model or a single *.json (default /opt/ml/model)");

    public Option<bool> Xgboost { get; } = new("--xgboost")
    {
        Description = "serve only an XGBoost model (builtin:xgboost; also env RIGHTSIZE_MODEL_SERVER_MODE=xgboost); without --xgboost or --onnx the file found decides",
    };

    public Option<bool> Onnx { get; } = new("--onnx")
    {
        Description = "serve only model.onnx, with ONNX Runtime (builtin:onnx; also env RIGHTSIZE_MODEL_SERVER_MODE=onnx)",
    };

    public Option<string?> InvocationTimeout { get; } = Value("--invocation-timeout-ms", "T", "how long one invocation may take before it fails with 504 (default 60000)");

    public Option<bool> Synthetic { get; } = new("--synthetic")
    {
        Description = "serve the synthetic model, a calibrated fake whose capacity is slots / service time (also env RIGHTSIZE_MODEL_SERVER_MODE=synthetic)",
    };

    public Option<bool> LlmSynthetic { get; } = new("--llm-synthetic")
    {
        Description = "serve the simulated LLM engine (OpenAI /v1/chat/completions, /v1/completions, TGI on /invocations); "
            + "knobs in RIGHTSIZE_LLM_* variables (also env RIGHTSIZE_MODEL_SERVER_MODE=llm-synthetic)",
    };

    public Option<string?> Slots { get; } = Value("--slots", "N", "synthetic: concurrent requests served (env RIGHTSIZE_SYNTHETIC_SLOTS)");

    public Option<string?> ServiceTime { get; } = Value("--service-time-ms", "T", "synthetic: time to serve one request (env RIGHTSIZE_SYNTHETIC_SERVICE_TIME_MS)");

    public Option<string?> Jitter { get; } = Value("--jitter-ms", "J", "synthetic: uniform jitter of ±J ms on T (env RIGHTSIZE_SYNTHETIC_JITTER_MS)");

    public Option<string?> ErrorRate { get; } = Value("--error-rate", "P", "synthetic: fraction of requests answered 500 (env RIGHTSIZE_SYNTHETIC_ERROR_RATE)");

    public Option<string?> StallEvery { get; } = Value("--stall-every-ms", "E", "synthetic: every E ms, stop serving for --stall-ms (env RIGHTSIZE_SYNTHETIC_STALL_EVERY_MS)");

    public Option<string?> Stall { get; } = Value("--stall-ms", "D", "synthetic: stall length (env RIGHTSIZE_SYNTHETIC_STALL_MS)");

    public Option<string?> StartupDelay { get; } = Value("--startup-delay-ms", "S", "synthetic: /ping answers 503 for S ms after start (env RIGHTSIZE_SYNTHETIC_STARTUP_DELAY_MS)");

    public void AddTo(Command command)
    {
        foreach (var option in (Option[])[Port, Host, ModelDirectory, Xgboost, Onnx, InvocationTimeout, Synthetic, LlmSynthetic, Slots, ServiceTime, Jitter, ErrorRate, StallEvery, Stall, StartupDelay])
        {
            command.Options.Add(option);
        }
    }

    /// <summary>An example value for an option, for error messages.</summary>
    public static string Example(string name) => name switch
    {
        "--port" => "8080",
        "--host" => "0.0.0.0",
        "--model-dir" => "/opt/ml/model",
        "--slots" => "4",
        "--error-rate" => "0.01",
        _ => "20",
    };

    private static Option<string?> Value(string name, string helpName, string description)
        => new(name) { HelpName = helpName, Description = description };
}
