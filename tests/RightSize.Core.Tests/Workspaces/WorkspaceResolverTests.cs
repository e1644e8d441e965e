using RightSize.Jobs;
using RightSize.Models;
using RightSize.Workspaces;

namespace RightSize.Tests.Workspaces;

public sealed class WorkspaceResolverTests : IDisposable
{
    private const string PackageArn = "arn:aws:sagemaker:us-east-1:123456789012:model-package/xgb/1";
    private readonly TempDir _dir = new();
    private readonly Workspace _workspace;

    public WorkspaceResolverTests()
    {
        _dir.Folder("objects/bucket/models");
        _dir.Write("objects/bucket/models/model.json", "{}");
        _dir.Write("data/payload.csv", "1,2");
        _workspace = new()
        {
            Folder = _dir.Path,
            ObjectRoot = "objects",
            Models =
            [
                new() { ModelName = "xgb", PrimaryContainer = new() { Image = BuiltInImages.Xgboost, ModelPackageName = PackageArn } },
                new() { ModelName = "calibrated", PrimaryContainer = new() { Image = BuiltInImages.Synthetic } },
            ],
            Endpoints =
            [
                new() { EndpointName = "live", Url = "http://127.0.0.1:9000/invocations" },
                new() { EndpointName = "components", Url = "http://127.0.0.1:9000/invocations", InferenceComponentName = "ic-a" },
            ],
        };
    }

    public void Dispose() => _dir.Dispose();

    private WorkspaceResolver Resolver(params string[] allowedRoots) => new(_workspace, allowedRoots.Length == 0 ? null : allowedRoots);

    [Fact]
    public void Models_resolve_by_name_and_unknown_names_list_the_defined_ones()
    {
        Assert.Equal("xgb", Resolver().ResolveModel(new RecommendationJobInputConfig { ModelName = "xgb" }).Value!.ModelName);

        var missing = Resolver().ResolveModel(new RecommendationJobInputConfig { ModelName = "x" });

        Assert.Equal(
            "InputConfig.ModelName: model 'x' is not defined (rightsize.json Models, or CreateModel on a server); defined: calibrated, xgb",
            Assert.Single(missing.Errors).ToString());
    }

    [Fact]
    public void An_unknown_model_error_stays_short_with_many_models_and_says_how_to_add_one_with_none()
    {
        var many = _workspace with { Models = [.. Enumerable.Range(0, 5000).Select(i => new CreateModelRequest { ModelName = $"m{i:0000}" })] };
        var empty = _workspace with { Models = [] };

        var crowded = Assert.Single(new WorkspaceResolver(many).ResolveModel("x").Errors).Message;
        var none = Assert.Single(new WorkspaceResolver(empty).ResolveModel("x").Errors).Message;

        Assert.EndsWith("defined: m0000, m0001, m0002, m0003, m0004, m0005, m0006, m0007, m0008, m0009 and 4990 more", crowded, StringComparison.Ordinal);
        Assert.EndsWith("none are defined: add one to rightsize.json Models or create one with CreateModel", none, StringComparison.Ordinal);
    }

    [Fact]
    public void Model_package_arns_resolve_through_model_package_name()
    {
        Assert.Equal("xgb", Resolver().ResolveModel(new RecommendationJobInputConfig { ModelPackageVersionArn = PackageArn }).Value!.ModelName);

        var missing = Resolver().ResolveModel(new RecommendationJobInputConfig { ModelPackageVersionArn = PackageArn + "0" });

        Assert.Equal("InputConfig.ModelPackageVersionArn", Assert.Single(missing.Errors).Path);
        Assert.Contains("is not registered (CreateModelPackage", missing.Errors[0].Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Endpoints_resolve_to_their_url()
    {
        Assert.Equal(new Uri("http://127.0.0.1:9000/invocations"), Resolver().ResolveEndpointUrl("live").Value);
        Assert.Equal(
            "InputConfig.Endpoints[0].EndpointName: endpoint 'dead' is not defined in the workspace (rightsize.json Endpoints); defined: components, live",
            Assert.Single(Resolver().ResolveEndpointUrl("dead").Errors).ToString());
        // Recommendation jobs invoke no inference component, so an endpoint entry that names one is not theirs.
        Assert.StartsWith("InputConfig.Endpoints[0].EndpointName: endpoint 'components' hosts inference component 'ic-a'; recommendation jobs",
            Assert.Single(Resolver().ResolveEndpointUrl("components").Errors).ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void S3_urls_map_into_the_object_root()
    {
        var result = Resolver().ResolveLocation("s3://bucket/models/model.json", "P");

        Assert.Equal(_dir.Combine("objects", "bucket", "models", "model.json"), result.Value);
    }

    [Fact]
    public void File_urls_and_absolute_and_relative_paths_resolve()
    {
        var expected = _dir.Combine("data", "payload.csv");

        Assert.Equal(expected, Resolver().ResolveLocation(new Uri(expected).AbsoluteUri, "P").Value);
        Assert.Equal(expected, Resolver().ResolveLocation(expected, "P").Value);
        Assert.Equal(expected, Resolver().ResolveLocation("data/payload.csv", "P").Value);
        Assert.Equal(_dir.Combine("data"), Resolver().ResolveLocation("./data/", "P").Value);
    }

    [Theory]
    [InlineData("https://example.com/p.tar.gz", "remote objects are not fetched")]
    [InlineData("s3://bucket/../../etc/passwd", "does not name an object under ObjectRoot")]
    [InlineData("s3://", "does not name an object under ObjectRoot")]
    [InlineData("gs://bucket/key", "not a supported location")]
    [InlineData("file://host/share/x", "not a valid file URL")]
    [InlineData("data/missing.csv", "does not exist")]
    public void Bad_locations_are_errors_on_their_field(string location, string fragment)
    {
        var error = Assert.Single(Resolver().ResolveLocation(location, "InputConfig.ContainerConfig.PayloadConfig.SamplePayloadUrl").Errors);

        Assert.Equal("InputConfig.ContainerConfig.PayloadConfig.SamplePayloadUrl", error.Path);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void S3_urls_need_an_object_root()
    {
        var resolver = new WorkspaceResolver(_workspace with { ObjectRoot = null });

        Assert.Contains("ObjectRoot", Assert.Single(resolver.ResolveLocation("s3://bucket/models", "P").Errors).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Allowed_roots_admit_paths_under_them_only()
    {
        var resolver = Resolver(_dir.Combine("data"));

        Assert.True(resolver.ResolveLocation("data/payload.csv", "P").Succeeded);
        Assert.Contains("outside the allowed directories", Assert.Single(resolver.ResolveLocation("s3://bucket/models", "P").Errors).Message, StringComparison.Ordinal);
        Assert.False(resolver.ResolveLocation("/etc/hostname", "P").Succeeded);
    }

    [Fact]
    public void Allowed_roots_see_through_symlinks_that_escape()
    {
        using var outside = new TempDir();
        outside.Write("secret.csv", "s");
        File.CreateSymbolicLink(_dir.Combine("data", "escape"), outside.Path);
        File.CreateSymbolicLink(_dir.Combine("data", "inner.csv"), _dir.Combine("data", "payload.csv"));
        var resolver = Resolver(_dir.Combine("data"));

        var escaped = resolver.ResolveLocation("data/escape/secret.csv", "P");

        Assert.Contains("outside the allowed directories", Assert.Single(escaped.Errors).Message, StringComparison.Ordinal);
        Assert.Equal(_dir.Combine("data", "payload.csv"), resolver.ResolveLocation("data/inner.csv", "P").Value);
    }

    [Fact]
    public void Allowed_roots_that_are_symlinks_are_resolved_too()
    {
        File.CreateSymbolicLink(_dir.Combine("link-to-data"), _dir.Combine("data"));

        Assert.True(Resolver(_dir.Combine("link-to-data")).ResolveLocation("data/payload.csv", "P").Succeeded);
    }
}
