using RightSize.Workspaces;

namespace RightSize.Tests.Workspaces;

public sealed class WorkspaceFileTests : IDisposable
{
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void A_full_workspace_loads_with_its_folder()
    {
        _dir.Folder("objects");
        _dir.Write("rightsize.json", """
            {
              "Models": [
                {"ModelName": "xgb", "PrimaryContainer": {"Image": "builtin:xgboost", "ModelDataUrl": "models/xgb"}},
                {"ModelName": "calibrated", "PrimaryContainer": {"Image": "builtin:synthetic", "Environment": {"RIGHTSIZE_SYNTHETIC_SLOTS": "4"}}}
              ],
              "Endpoints": [{"EndpointName": "live", "Url": "http://127.0.0.1:9000/invocations"}],
              "InstanceTypes": [{"InstanceType": "local.big", "VCpus": 16, "MemoryGiB": 64, "PricePerHour": 1.5}],
              "ObjectRoot": "objects"
            }
            """);

        var result = WorkspaceFile.Load(null, _dir.Path);

        Assert.True(result.Succeeded, string.Join("\n", result.Errors));
        Assert.Equal(_dir.Path, result.Value.Folder);
        Assert.Equal(["xgb", "calibrated"], result.Value.Models.Select(m => m.ModelName));
        Assert.Equal("local.big", Assert.Single(result.Value.InstanceTypes).Name);
    }

    [Fact]
    public void Without_a_file_the_workspace_is_empty()
    {
        var result = WorkspaceFile.Load(null, _dir.Path);

        Assert.True(result.Succeeded);
        Assert.Empty(result.Value.Models);
    }

    [Fact]
    public void A_named_file_that_does_not_exist_is_an_error()
    {
        var result = WorkspaceFile.Load("missing.json", _dir.Path);

        Assert.Contains("does not exist", Assert.Single(result.Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_fields_are_rejected_with_their_path()
    {
        var result = WorkspaceFile.Parse("""{"Models": [{"ModelName": "a", "Image": "x"}]}""", _dir.Path);

        Assert.Equal("Models[0].Image: unknown field; allowed: ModelName, PrimaryContainer, ExecutionRoleArn, Tags, VpcConfig, EnableNetworkIsolation", Assert.Single(result.Errors).ToString());
    }

    [Fact]
    public void Every_mistake_is_reported_at_once()
    {
        var result = WorkspaceFile.Parse("""
            {
              "Models": [
                {"ModelName": "a", "PrimaryContainer": {"Image": "builtin:xgboost"}},
                {"ModelName": "a", "PrimaryContainer": {"Image": "process", "ModelDataUrl": "gs://b/k"}},
                {"ModelName": "bad_name", "PrimaryContainer": {"Image": "builtin:synthetic", "Environment": {"1X": "y"}}}
              ],
              "Endpoints": [{"EndpointName": "e", "Url": "ftp://host/x"}, {"EndpointName": "e", "Url": "not a url", "InferenceComponentName": "ic_1"}],
              "InstanceTypes": [{"InstanceType": "local.zero", "VCpus": 0, "MemoryGiB": -1, "Gpus": -1, "PricePerHour": -0.5}],
              "ObjectRoot": "no-such-dir"
            }
            """, _dir.Path);

        Assert.Equal(
            [
                "Models[0].PrimaryContainer.ModelDataUrl",
                "Models[1].PrimaryContainer.ModelDataUrl",
                "Models[1].PrimaryContainer.Environment",
                "Models[1].ModelName",
                "Models[2].ModelName",
                "Models[2].PrimaryContainer.Environment[\"1X\"]",
                "Endpoints[0].Url",
                "Endpoints[1].EndpointName",
                "Endpoints[1].Url",
                "Endpoints[1].InferenceComponentName",
                "InstanceTypes[0].VCpus",
                "InstanceTypes[0].MemoryGiB",
                "InstanceTypes[0].Gpus",
                "InstanceTypes[0].PricePerHour",
                "ObjectRoot",
            ],
            result.Errors.Select(e => e.Path));
        Assert.Contains(result.Errors, e => e.ToString() == "Models[1].ModelName: model 'a' is defined twice; model names must be unique");
    }

    [Fact]
    public void Instance_types_need_their_required_members()
    {
        var result = WorkspaceFile.Parse("""{"InstanceTypes": [{"InstanceType": "local.x", "VCpus": 2}]}""", _dir.Path);

        Assert.Equal(["InstanceTypes[0].MemoryGiB", "InstanceTypes[0].PricePerHour"], result.Errors.Select(e => e.Path));
    }
}
