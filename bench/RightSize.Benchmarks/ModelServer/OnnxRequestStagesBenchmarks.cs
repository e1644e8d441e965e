using System.Buffers;
using BenchmarkDotNet.Attributes;
using RightSize.ModelServer.Onnx;
using RightSize.ModelServer.Payloads;

namespace RightSize.Benchmarks.ModelServer;

/// <summary>
/// Where a single-row JSON invocation of the demo ONNX model spends the server's time outside Kestrel: parsing the body
/// into input tensors, the run (OrtValues over the tensors, ONNX Runtime, the outputs), and writing the JSON response.
/// bench/modelserver/run.sh prints these next to the HTTP figures, so the rest is Kestrel, the socket and the client.
/// </summary>
[MemoryDiagnoser]
public class OnnxRequestStagesBenchmarks
{
    private OnnxModel _model = null!;
    private byte[] _rowJson = [];
    private InputTensors _parsed = null!;
    private readonly ArrayBufferWriter<byte> _response = new(4096);

    /// <remarks>Synchronous: BenchmarkDotNet's in-process toolchain does not await an async setup.</remarks>
    [GlobalSetup]
    public void Setup()
    {
        var directory = RightSize.ModelServer.DemoModel.OnnxDirectory;
        var loaded = OnnxModelReader.Load(Path.Combine(directory, "model.onnx"), threads: 1);
        _model = loaded.Value ?? throw new InvalidOperationException(loaded.Error);
        _rowJson = File.ReadAllBytes(Path.Combine(directory, "payloads", "row-1.json"));
        var parsed = OnnxRequestReader.Read(_rowJson, PayloadFormat.Json, _model.Inputs);
        _parsed = parsed.Value ?? throw new InvalidOperationException(parsed.Error);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _parsed.Dispose();
        _model.Dispose();
    }

    /// <summary>The JSON body into the input's tensor (pooled buffer), shape checked.</summary>
    [Benchmark]
    public int ParseJsonRow()
    {
        using var parsed = OnnxRequestReader.Read(_rowJson, PayloadFormat.Json, _model.Inputs).Value!;
        return parsed.Tensors.Count;
    }

    /// <summary>The server's run: OrtValues over the parsed tensors, ONNX Runtime, the output OrtValues.</summary>
    [Benchmark]
    public int RunParsedRow()
    {
        using var outputs = _model.Run(_parsed, CancellationToken.None);
        return outputs.Count;
    }

    /// <summary>Run and the JSON response, as the handler writes it.</summary>
    [Benchmark]
    public int RunAndWriteJson()
    {
        _response.ResetWrittenCount();
        using var outputs = _model.Run(_parsed, CancellationToken.None);
        OnnxOutputWriter.WriteJson(_response, _model.OutputNames, outputs);
        return _response.WrittenCount;
    }
}
