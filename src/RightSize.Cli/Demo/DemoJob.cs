using RightSize.Jobs;
using RightSize.Models;
using RightSize.ModelServer;
using RightSize.Workspaces;

namespace RightSize.Cli.Demo;

/// <summary>
/// The job <c>rightsize run</c> runs without a job file: the embedded reference model (the demo XGBoost model) on two
/// local instance types, short stairs and short windows, so it finishes in about two minutes.
/// </summary>
internal static class DemoJob
{
    public const string ModelName = "rightsize-demo-xgboost";

    public static string Json
    {
        get
        {
            using var stream = typeof(DemoJob).Assembly.GetManifestResourceStream("RightSize.Cli.Demo.demo-job.json")
                ?? throw new InvalidOperationException("the demo job is missing from the rightsize assembly");
            using var reader = new StreamReader(stream);
            return reader.ReadToEnd();
        }
    }

    /// <summary>The user's workspace plus the demo model (unless the workspace defines a model of that name).</summary>
    public static Workspace AddDemoModel(Workspace workspace) =>
        workspace.Models.Any(m => m.ModelName == ModelName)
            ? workspace
            : workspace with
            {
                Models =
                [
                    .. workspace.Models,
                    new CreateModelRequest
                    {
                        ModelName = ModelName,
                        PrimaryContainer = new ContainerDefinition { Image = BuiltInImages.XGBoost, ModelDataUrl = DemoModel.Directory },
                    },
                ],
            };
}
