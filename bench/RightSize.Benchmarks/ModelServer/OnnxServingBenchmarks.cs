using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.ML.OnnxRuntime;
using RightSize.ModelServer.Hosting;
using SessionOptions = Microsoft.ML.OnnxRuntime.SessionOptions;

namespace RightSize.Benchmarks.ModelServer;

/// <summary>
/// The demo ONNX model (the MLP on digits, 64 pixels to 10 probabilities): ONNX Runtime called in-process on one row and
/// on 1,024-row batches (the sample rows repeated), and the same row as a JSON invocation of the model server over loopback HTTP, so that
/// bench/modelserver/run.sh can subtract one from the other (the server's overhead) and compare the batches with torch.
/// The HTTP request is sent twice over: by HttpClient (what a .NET caller pays, the client's cost included) and by a
/// minimal client (pre-built request bytes on a kept-alive socket, the response read by its Content-Length), whose own
/// cost is as small as a client's can be; both run in this process, on the same core as the server.
/// </summary>
public class OnnxServingBenchmarks
{
    public const int BatchRows = 1024;

    private InferenceSession _session = null!;
    private SessionOptions _options = null!;
    private readonly RunOptions _run = new();
    private OrtValue _row = null!;
    private OrtValue _batch = null!;
    private byte[] _rowJson = [];
    private RunningModelServer? _server;
    private HttpClient? _client;
    private LoopbackHttpClient? _socket;

    /// <remarks>Synchronous: BenchmarkDotNet's in-process toolchain does not await an async setup.</remarks>
    [GlobalSetup]
    public void Setup()
    {
        var directory = RightSize.ModelServer.DemoModel.OnnxDirectory;
        // As the server configures its session on one core (run.sh pins the process to one).
        _options = new SessionOptions
        {
            IntraOpNumThreads = 1,
            InterOpNumThreads = 1,
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
        };
        _session = new InferenceSession(Path.Combine(directory, "model.onnx"), _options);
        var rowJson = File.ReadAllText(Path.Combine(directory, "payloads", "row-1.json"));
        _rowJson = Encoding.UTF8.GetBytes(rowJson);
        using var parsed = System.Text.Json.JsonDocument.Parse(rowJson);
        float[] row = [.. parsed.RootElement.GetProperty("instances")[0].EnumerateArray().Select(v => v.GetSingle())];
        _row = OrtValue.CreateTensorValueFromMemory(row, [1, row.Length]);
        // The 16 sample rows of batch-16.json repeated to 1,024, as torch's side tiles the same golden rows.
        using var batch = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(directory, "payloads", "batch-16.json")));
        float[][] rows = [.. batch.RootElement.GetProperty("instances").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray())];
        _batch = OrtValue.CreateTensorValueFromMemory([.. Enumerable.Range(0, BatchRows).SelectMany(i => rows[i % rows.Length])], [BatchRows, row.Length]);

        var options = new ModelServerOptions { Port = 0, ModelDirectory = directory, Format = ModelFormat.Onnx };
        var started = ModelServerApp.StartAsync(options, TextWriter.Null, CancellationToken.None).GetAwaiter().GetResult();
        _server = started.Value ?? throw new InvalidOperationException(started.Error);
        if (!_server.ModelLoad.GetAwaiter().GetResult())
        {
            throw new InvalidOperationException("the model server could not load the demo ONNX model");
        }

        _client = new HttpClient { BaseAddress = new Uri(_server.Address) };
        _socket = new LoopbackHttpClient(new Uri(_server.Address), "/invocations", "application/json", _rowJson);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client?.Dispose();
        _socket?.Dispose();
        _server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _row.Dispose();
        _batch.Dispose();
        _session.Dispose();
        _options.Dispose();
        _run.Dispose();
    }

    /// <summary>ONNX Runtime alone on one row: what the server's request costs without HTTP, JSON and the handler.</summary>
    [Benchmark]
    public int OrtSingleRow()
    {
        using var outputs = _session.Run(_run, ["pixels"], [_row], ["output"]);
        return outputs.Count;
    }

    /// <summary>ONNX Runtime alone on 1,024 rows: compared with torch on the same rows, one thread each.</summary>
    [Benchmark]
    public int OrtBatch()
    {
        using var outputs = _session.Run(_run, ["pixels"], [_batch], ["output"]);
        return outputs.Count;
    }

    /// <summary>The same row as a JSON invocation over HTTP/1.1 on loopback, client and server in this process.</summary>
    [Benchmark]
    public async Task<int> HttpSingleRowRequest()
    {
        using var content = new ByteArrayContent(_rowJson);
        content.Headers.ContentType = new("application/json");
        using var response = await _client!.PostAsync("/invocations", content);
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }

    /// <summary>The same request as <see cref="HttpSingleRowRequest"/>, sent by the minimal client on one kept-alive socket.</summary>
    [Benchmark]
    public int SocketSingleRowRequest() => _socket!.Send();
}
