using Microsoft.ML.OnnxRuntime;

namespace RightSize.ModelServer.Onnx;

/// <summary>
/// An ONNX model in an ONNX Runtime session. <see cref="Run"/> is safe to call from concurrent requests (ONNX Runtime's
/// sessions are); the session's thread pools are sized once, from the endpoint's vCPUs.
/// </summary>
internal sealed class OnnxModel(InferenceSession session, Microsoft.ML.OnnxRuntime.SessionOptions options, IReadOnlyList<OnnxInput> inputs, IReadOnlyList<string> outputNames, int threads)
    : IDisposable
{
    private readonly string[] _inputNames = [.. inputs.Select(i => i.Name)];

    public IReadOnlyList<OnnxInput> Inputs => inputs;

    public IReadOnlyList<string> OutputNames => outputNames;

    /// <summary>ONNX Runtime's intra-op and inter-op thread counts: the vCPUs this process may use.</summary>
    public int Threads => threads;

    /// <summary>Runs the model; the caller reads the outputs (in <see cref="OutputNames"/>' order) and disposes them.</summary>
    public unsafe IDisposableReadOnlyCollection<OrtValue> Run(InputTensors request, CancellationToken cancellationToken)
    {
        var tensors = request.Tensors;
        var values = new OrtValue[tensors.Count];
        var pins = new System.Buffers.MemoryHandle[tensors.Count];
        using var runOptions = new RunOptions();
        using var stop = cancellationToken.Register(() => runOptions.Terminate = true);
        try
        {
            for (var i = 0; i < tensors.Count; i++)
            {
                var tensor = tensors[i];
                var bytes = tensor.Bytes;
                pins[i] = bytes.Pin();
                values[i] = OrtValue.CreateTensorValueWithData(
                    OrtMemoryInfo.DefaultInstance, tensor.Input.ElementType, tensor.Shape, (nint)pins[i].Pointer, bytes.Length);
            }

            return session.Run(runOptions, _inputNames, values, outputNames);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        finally
        {
            foreach (var value in values)
            {
                value?.Dispose();
            }

            foreach (var pin in pins)
            {
                pin.Dispose();
            }
        }
    }

    public void Dispose()
    {
        session.Dispose();
        options.Dispose();
    }
}
