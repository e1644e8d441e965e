using Microsoft.ML.OnnxRuntime;

namespace RightSize.ModelServer.Onnx;

/// <summary>Opens <c>model.onnx</c> in ONNX Runtime, checks that builtin:onnx can feed and read it, and warms it up.</summary>
internal static class OnnxModelReader
{
    private static readonly Lazy<OrtEnv> QuietEnvironment = new(CreateEnvironment);

    public static string RuntimeVersion => QuietEnvironment.Value.GetVersionString();

    /// <param name="path">The model file.</param>
    /// <param name="threads">The endpoint's vCPUs: ONNX Runtime's intra-op and inter-op thread counts.</param>
    public static Attempt<OnnxModel> Load(string path, int threads)
    {
        Microsoft.ML.OnnxRuntime.SessionOptions? options = null;
        InferenceSession session;
        try
        {
            // ONNX Runtime may send usage telemetry from Linux builds; an endpoint under test sends nothing anywhere.
            QuietEnvironment.Value.DisableTelemetryEvents();
            options = new Microsoft.ML.OnnxRuntime.SessionOptions
            {
                GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
                IntraOpNumThreads = threads,
                InterOpNumThreads = threads,
            };
            session = new InferenceSession(path, options);
        }
        catch (Exception e) when (e is DllNotFoundException or TypeInitializationException)
        {
            options?.Dispose();
            return Attempt<OnnxModel>.Fail(
                $"ONNX Runtime's native library cannot be loaded on this platform ({e.GetBaseException().Message}); builtin:onnx ships it for Linux x64");
        }
        catch (OnnxRuntimeException e)
        {
            options?.Dispose();
            return Attempt<OnnxModel>.Fail(
                $"'{path}' cannot be served by ONNX Runtime {RuntimeVersion}: {e.Message.Trim()} (export it with torch.onnx.export or "
                + "another ONNX exporter at an opset this runtime supports)");
        }

        var errors = new List<string>();
        var inputs = session.InputMetadata.Select(pair => Describe(pair.Key, pair.Value, "input", errors)).ToList();
        foreach (var (name, output) in session.OutputMetadata)
        {
            Describe(name, output, "output", errors);
        }

        var model = new OnnxModel(session, options, inputs, [.. session.OutputMetadata.Keys], threads);
        var warmUp = errors.Count == 0 ? WarmUp(model) : null;
        if (warmUp is not null)
        {
            errors.Add(warmUp);
        }

        if (errors.Count == 0)
        {
            return Attempt<OnnxModel>.Ok(model);
        }

        model.Dispose();
        return Attempt<OnnxModel>.Fail($"'{path}' cannot be served by builtin:onnx: {string.Join("; ", errors)}");
    }

    /// <summary>
    /// ONNX Runtime's process-wide environment, logging errors only: at its default (warnings) it logs, in a container
    /// without CA certificates, that telemetry uploads are unavailable, which an endpoint's log should not carry (no
    /// telemetry is sent: it is disabled). Another component may have created the environment first; then only its
    /// level changes from here on.
    /// </summary>
    private static OrtEnv CreateEnvironment()
    {
        if (!OrtEnv.IsCreated)
        {
            var options = new EnvironmentCreationOptions { logId = "rightsize-model-server", logLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR };
            try
            {
                return OrtEnv.CreateInstanceWithOptions(ref options);
            }
            catch (OnnxRuntimeException)
            {
                // Created meanwhile by another thread: fall through and set its level.
            }
        }

        var environment = OrtEnv.Instance();
        environment.EnvLogLevel = OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR;
        return environment;
    }

    private static OnnxInput Describe(string name, NodeMetadata metadata, string kind, List<string> errors)
    {
        if (!metadata.IsTensor || !OnnxElementTypes.IsSupported(metadata.ElementDataType))
        {
            var type = metadata.IsTensor ? OnnxElementTypes.Name(metadata.ElementDataType) : metadata.OnnxValueType.ToString();
            errors.Add($"{kind} '{name}' is {type}; builtin:onnx serves tensors of float32, float64, int64 and int32");
        }

        return new OnnxInput(name, metadata.ElementDataType, [.. metadata.Dimensions.Select(d => (long)d)]);
    }

    /// <summary>
    /// One run on zeros (free dimensions 1) before /ping answers healthy: ONNX Runtime allocates and plans on the first
    /// run, which then counts in the endpoint's setup time instead of the first request's latency.
    /// </summary>
    private static string? WarmUp(OnnxModel model)
    {
        var tensors = model.Inputs.Select(input =>
        {
            var shape = input.Dimensions.Select(d => d < 0 ? 1 : d).ToArray();
            var tensor = new InputTensor(input, (int)shape.Aggregate(1L, (a, d) => a * d)) { Shape = shape };
            var zeros = new byte[shape.Aggregate(1L, (a, d) => a * d) * OnnxElementTypes.Size(input.ElementType)];
            tensor.AddRaw(zeros);
            return tensor;
        }).ToList();
        using var request = new InputTensors(tensors);
        try
        {
            using var outputs = model.Run(request, CancellationToken.None);
            return null;
        }
        catch (OnnxRuntimeException e)
        {
            var shapes = string.Join(", ", tensors.Select(t => $"'{t.Input.Name}' {OnnxInput.Format(t.Shape)}"));
            return $"the warm-up run on zeros ({shapes}) failed: {e.Message.Trim()}";
        }
    }
}
