using RightSize.Catalog;
using RightSize.Orchestration;
using RightSize.Server.Generative;
using RightSize.Server.Hosting;
using RightSize.Server.Storage;
using RightSize.Workspaces;

namespace RightSize.Server;

/// <summary>What the API's operations share: the store, the job host, the workspace and the settings.</summary>
internal sealed record ServerState(
    ServerOptions Options,
    IRecommendationStore Store,
    JobHost Host,
    Workspace Workspace,
    InstanceCatalog Catalog,
    IReadOnlyList<string> AllowedRoots,
    DateTimeOffset StartTime,
    AiJobHost AiJobs,
    JobEngine Engine)
{
    public TimeProvider Time => Options.Time;

    public string ModelArn(string name) => $"arn:aws:sagemaker:{Options.Region}:{Options.AccountId}:model/{name}";
}
