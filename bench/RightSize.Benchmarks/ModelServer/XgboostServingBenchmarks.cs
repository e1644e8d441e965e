using System.Text;
using BenchmarkDotNet.Attributes;
using RightSize.ModelServer.Hosting;
using RightSize.ModelServer.Payloads;
using RightSize.ModelServer.Xgboost;

namespace RightSize.Benchmarks.ModelServer;

/// <summary>
/// The demo model (300 trees, depth 6, 24 features) on the rows of bench/modelserver/rows-1000.csv (path in
/// RIGHTSIZE_BENCH_ROWS), as bench/modelserver/run.sh compares with xgboost's inplace_predict on the same rows.
/// </summary>
[MemoryDiagnoser]
public class XgboostServingBenchmarks
{
    private XgboostModel _model = null!;
    private byte[] _batchCsv = [];
    private byte[] _rowCsv = [];
    private float[] _batchFeatures = [];
    private float[] _output = [];
    private byte[] _text = [];
    private int _rows;
    private RunningModelServer? _server;
    private HttpClient? _client;
    private LoopbackHttpClient? _socket;

    /// <remarks>Synchronous: BenchmarkDotNet's in-process toolchain does not await an async setup.</remarks>
    [GlobalSetup]
    public void Setup()
    {
        var rowsPath = Environment.GetEnvironmentVariable("RIGHTSIZE_BENCH_ROWS")
            ?? throw new InvalidOperationException("Set RIGHTSIZE_BENCH_ROWS to bench/modelserver/rows-1000.csv (run.sh does).");
        var model = XgboostModelReader.Load(Path.Combine(RightSize.ModelServer.DemoModel.Directory, "model.json"));
        _model = model.Value ?? throw new InvalidOperationException(model.Error);
        _batchCsv = File.ReadAllBytes(rowsPath);
        _rowCsv = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(_batchCsv).Split('\n')[0] + "\n");
        using var features = CsvPayloadParser.Parse(_batchCsv, _model.FeatureCount).Value!;
        _rows = features.Rows;
        _batchFeatures = features.Values.ToArray();
        _output = new float[_rows * _model.OutputWidth];
        _text = new byte[PredictionWriter.MaxBytes(_rows, _model.OutputWidth)];

        var options = new ModelServerOptions { Port = 0, ModelDirectory = RightSize.ModelServer.DemoModel.Directory };
        var started = ModelServerApp.StartAsync(options, TextWriter.Null, CancellationToken.None).GetAwaiter().GetResult();
        _server = started.Value ?? throw new InvalidOperationException(started.Error);
        _server.ModelLoad.GetAwaiter().GetResult();
        _client = new HttpClient { BaseAddress = new Uri(_server.Address) };
        _socket = new LoopbackHttpClient(new Uri(_server.Address), "/invocations", "text/csv", _rowCsv);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _client?.Dispose();
        _socket?.Dispose();
        _server?.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    /// <summary>Scoring one parsed row: what xgboost's inplace_predict does for one row.</summary>
    [Benchmark]
    public float PredictOneRow()
    {
        _model.Predict(_batchFeatures.AsSpan(0, _model.FeatureCount), 1, _output, CancellationToken.None);
        return _output[0];
    }

    /// <summary>Scoring 1,000 parsed rows: compared with inplace_predict on the same 1,000 rows.</summary>
    [Benchmark]
    public float PredictBatch()
    {
        _model.Predict(_batchFeatures, _rows, _output, CancellationToken.None);
        return _output[^1];
    }

    /// <summary>What the server does with a 1,000-row CSV request body: parse, score, format.</summary>
    [Benchmark]
    public int ParsePredictFormatBatch()
    {
        using var features = CsvPayloadParser.Parse(_batchCsv, _model.FeatureCount).Value!;
        _model.Predict(features.Values, features.Rows, _output, CancellationToken.None);
        return PredictionWriter.Write(_text, _output.AsSpan(0, features.Rows), 1, PayloadFormat.Csv);
    }

    /// <summary>A single-row CSV invocation over HTTP/1.1 on loopback, client and server in this process.</summary>
    [Benchmark]
    public async Task<int> HttpSingleRowRequest()
    {
        using var content = new ByteArrayContent(_rowCsv);
        content.Headers.ContentType = new("text/csv");
        using var response = await _client!.PostAsync("/invocations", content);
        return (await response.Content.ReadAsByteArrayAsync()).Length;
    }

    /// <summary>The same request as <see cref="HttpSingleRowRequest"/>, sent by the minimal client on one kept-alive socket.</summary>
    [Benchmark]
    public int SocketSingleRowRequest() => _socket!.Send();
}
