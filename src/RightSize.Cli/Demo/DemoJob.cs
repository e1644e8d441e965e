using System.Globalization;
using System.Text.Json;
using RightSize.Catalog;
using RightSize.Jobs;
using RightSize.Models;
using RightSize.ModelServer;
using RightSize.Workspaces;

namespace RightSize.Cli.Demo;

/// <summary>
/// The job <c>rightsize run</c> runs without a job file: the embedded reference model (the demo XGBoost model) on half a
/// core and on one core, short stairs and short windows, so it finishes in about two minutes. Each request carries
/// <see cref="RowsPerRequest"/> rows (about 1 ms of model CPU on one core) so the endpoint's CPU limit binds, not HTTP
/// or the load generator, and the one-core endpoint serves about twice the half-core one: on any host with 2 or more
/// cores, where the generator keeps a core of its own.
/// </summary>
internal static class DemoJob
{
    public const string ModelName = "rightsize-demo-xgboost";

    /// <summary>The demo ONNX model (an MLP on digits), for a user's own job: the demo job itself runs the XGBoost model.</summary>
    public const string OnnxModelName = "rightsize-demo-onnx";

    /// <summary>Rows per request: the 10-row sample batch, repeated.</summary>
    public const int RowsPerRequest = 200;

    /// <summary>Half a core: a type the built-in catalog does not have, priced as local types are (per vCPU).</summary>
    public static InstanceType HalfCore { get; } = new()
    {
        Name = "local.half",
        VCpus = 0.5,
        MemoryGiB = 1,
        PricePerHour = 0.0255,
        PriceSource = "nominal: 0.051 USD per vCPU-hour (ml.c5.large's price per vCPU)",
    };

    /// <summary>The demo job, its payload folder written first (under the temp folder).</summary>
    public static string Json
    {
        get
        {
            using var stream = typeof(DemoJob).Assembly.GetManifestResourceStream("RightSize.Cli.Demo.demo-job.json")
                ?? throw new InvalidOperationException("the demo job is missing from the rightsize assembly");
            using var reader = new StreamReader(stream);
            var path = JsonSerializer.Serialize(WritePayloads())[1..^1];
            return reader.ReadToEnd().Replace("%DEMO_PAYLOADS%", path, StringComparison.Ordinal);
        }
    }

    /// <summary>
    /// The user's workspace plus the demo models (XGBoost, and ONNX with JSON sample payloads in its folder) and the
    /// half-core type, unless the workspace defines them. Every <c>run</c> has the demo models, so a user's job can
    /// name them; only the demo job adds the half-core type (a Default job's candidates stay the user's).
    /// </summary>
    public static Workspace AddDemoModels(Workspace workspace, bool withHalfCore) => workspace with
    {
        Models =
        [
            .. workspace.Models,
            .. ((CreateModelRequest[])
            [
                new CreateModelRequest
                {
                    ModelName = ModelName,
                    PrimaryContainer = new ContainerDefinition
                    {
                        Image = BuiltInImages.Xgboost,
                        ModelDataUrl = DemoModel.Directory,
                        // Fully compiled at first call, the model serves at its steady rate from the first request
                        // (tiered compilation takes about 14 s to get there at half a core, most of a short test).
                        Environment = new Dictionary<string, string> { ["DOTNET_TieredCompilation"] = "0" },
                    },
                },
                new CreateModelRequest
                {
                    ModelName = OnnxModelName,
                    PrimaryContainer = new ContainerDefinition { Image = BuiltInImages.Onnx, ModelDataUrl = DemoModel.OnnxDirectory },
                },
            ]).Where(demo => workspace.Models.All(m => m.ModelName != demo.ModelName)),
        ],
        InstanceTypes = !withHalfCore || workspace.InstanceTypes.Any(t => t.Name == HalfCore.Name) ? workspace.InstanceTypes : [.. workspace.InstanceTypes, HalfCore],
    };

    // Written to a new file and renamed over the old one, so two demos starting at once never read half a file.
    private static string WritePayloads()
    {
        var folder = Path.Combine(Path.GetTempPath(), "rightsize", "demo-payloads");
        Directory.CreateDirectory(folder);
        var rows = File.ReadAllLines(Path.Combine(DemoModel.PayloadDirectory, "batch-10.csv")).Where(l => l.Length > 0).ToArray();
        var text = string.Join('\n', Enumerable.Repeat(rows, RowsPerRequest / rows.Length).SelectMany(r => r)) + "\n";
        var file = Path.Combine(folder, string.Create(CultureInfo.InvariantCulture, $"rows-{RowsPerRequest}.csv"));
        if (!File.Exists(file) || File.ReadAllText(file) != text)
        {
            var temporary = $"{file}.{Environment.ProcessId}";
            File.WriteAllText(temporary, text);
            File.Move(temporary, file, overwrite: true);
        }

        return folder;
    }
}
