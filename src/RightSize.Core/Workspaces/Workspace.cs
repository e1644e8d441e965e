using System.Text.Json.Serialization;
using RightSize.Catalog;
using RightSize.Models;

namespace RightSize.Workspaces;

/// <summary>The workspace file (<c>rightsize.json</c>): models, existing endpoints, catalog entries and the object root.</summary>
public sealed record Workspace
{
    public List<CreateModelRequest> Models { get; init; } = [];

    public List<WorkspaceEndpoint> Endpoints { get; init; } = [];

    /// <summary>Entries that add to or override the built-in instance catalog.</summary>
    public List<InstanceType> InstanceTypes { get; init; } = [];

    /// <summary>The directory <c>s3://bucket/key</c> maps into (<c>ObjectRoot/bucket/key</c>); relative to <see cref="Folder"/>.</summary>
    public string? ObjectRoot { get; init; }

    /// <summary>The folder relative paths resolve against: the workspace file's folder.</summary>
    [JsonIgnore]
    public string Folder { get; init; } = Directory.GetCurrentDirectory();
}
