using System.Globalization;
using System.Text;
using RightSize.Jobs;
using RightSize.Models;
using RightSize.Workspaces;

namespace RightSize.Tests.Workspaces;

public sealed class JobPayloadsTests : IDisposable
{
    private const string Field = "InputConfig.ContainerConfig.PayloadConfig.SamplePayloadUrl";
    private readonly TempDir _dir = new();

    public void Dispose() => _dir.Dispose();

    private WorkspaceResolver Resolver => new(new Workspace { Folder = _dir.Path });

    private static CreateModelRequest Model(string image, string? modelDataUrl = null) =>
        new() { ModelName = "m", PrimaryContainer = new() { Image = image, ModelDataUrl = modelDataUrl } };

    private static RecommendationJobInputConfig Input(string? url = null, params string[] contentTypes) =>
        new() { ModelName = "m", ContainerConfig = new() { PayloadConfig = new() { SamplePayloadUrl = url, SupportedContentTypes = [.. contentTypes] } } };

    [Fact]
    public void The_sample_url_wins_and_uses_the_first_content_type()
    {
        _dir.Write("samples/a.json", "{}");

        var result = JobPayloads.Load(Input("samples", "application/json", "text/csv"), Model(BuiltInImages.Synthetic), Resolver);

        Assert.Equal("application/json", Assert.Single(result.Value!).ContentType);
    }

    [Fact]
    public void An_unresolvable_sample_url_is_an_error_on_its_field()
    {
        var result = JobPayloads.Load(Input("missing/"), Model(BuiltInImages.Synthetic), Resolver);

        Assert.Equal(Field, Assert.Single(result.Errors).Path);
    }

    [Fact]
    public void Synthetic_models_get_a_small_csv_body()
    {
        var payload = Assert.Single(JobPayloads.Load(new RecommendationJobInputConfig(), Model(BuiltInImages.Synthetic), Resolver).Value!);

        Assert.Equal("text/csv", payload.ContentType);
        Assert.NotEqual(0, payload.Body.Length);
    }

    [Theory]
    [InlineData("model.json")]
    [InlineData("xgboost-model")]
    [InlineData("my-model.json")]
    public void Xgboost_models_get_deterministic_rows_of_num_feature_values(string fileName)
    {
        _dir.Write($"xgb/{fileName}", """
            {"learner": {"attributes": {}, "gradient_booster": {"model": {"trees": [{"split_indices": [0, 1]}]}},
             "learner_model_param": {"base_score": "5E-1", "num_class": "0", "num_feature": "4"}}, "version": [2, 1, 0]}
            """);

        var first = JobPayloads.Load(new RecommendationJobInputConfig(), Model(BuiltInImages.Xgboost, "xgb"), Resolver);
        var second = JobPayloads.Load(new RecommendationJobInputConfig(), Model(BuiltInImages.Xgboost, "xgb"), Resolver);

        Assert.True(first.Succeeded, string.Join("\n", first.Errors));
        Assert.Equal(10, first.Value.Count);
        Assert.All(first.Value, p =>
        {
            var values = Encoding.UTF8.GetString(p.Body.Span).Split(',');
            Assert.Equal(4, values.Length);
            Assert.All(values, v => Assert.InRange(double.Parse(v, CultureInfo.InvariantCulture), 0, 10));
            Assert.Equal("text/csv", p.ContentType);
        });
        Assert.Equal(first.Value.Select(p => p.Body.ToArray()), second.Value!.Select(p => p.Body.ToArray()));
    }

    [Fact]
    public void A_payloads_folder_beside_the_model_is_the_default()
    {
        _dir.Write("xgb/model.json", "{}");
        _dir.Write("xgb/payloads/row.csv", "1,2,3,4");

        var payload = Assert.Single(JobPayloads.Load(new RecommendationJobInputConfig(), Model(BuiltInImages.Xgboost, "xgb"), Resolver).Value!);

        Assert.Equal("1,2,3,4", Encoding.UTF8.GetString(payload.Body.Span));
    }

    [Theory]
    [InlineData("{\"learner\": {\"learner_model_param\": {}}}", "no positive learner.learner_model_param.num_feature")]
    [InlineData("\u0001binary", "is not an XGBoost JSON model")]
    public void Unreadable_xgboost_models_are_errors(string content, string fragment)
    {
        _dir.Write("xgb/model.json", content);

        var error = Assert.Single(JobPayloads.Load(new RecommendationJobInputConfig(), Model(BuiltInImages.Xgboost, "xgb"), Resolver).Errors);

        Assert.Equal(Field, error.Path);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Other_images_without_samples_are_told_to_set_the_sample_url()
    {
        var error = Assert.Single(JobPayloads.Load(new RecommendationJobInputConfig(), Model("my-registry/my-model:1"), Resolver).Errors);

        Assert.Equal(Field, error.Path);
        Assert.Contains("set ContainerConfig.PayloadConfig.SamplePayloadUrl", error.Message, StringComparison.Ordinal);
        Assert.Contains("image 'my-registry/my-model:1'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Onnx_models_take_the_json_and_npy_files_beside_them_and_without_any_are_told_where_to_put_them()
    {
        _dir.Write("onnx/model.onnx", "");
        var error = Assert.Single(JobPayloads.Load(new RecommendationJobInputConfig(), Model(BuiltInImages.Onnx, "onnx"), Resolver).Errors);
        _dir.Write("onnx/payloads/row.json", "{\"instances\": [[1]]}");
        _dir.Write("onnx/payloads/rows.npy", "x");

        var payloads = JobPayloads.Load(new RecommendationJobInputConfig(), Model(BuiltInImages.Onnx, "onnx"), Resolver).Value!;

        Assert.Equal(Field, error.Path);
        Assert.Contains("no default payloads for builtin:onnx", error.Message, StringComparison.Ordinal);
        Assert.Contains("put sample requests (.json, .npy) in a payloads/ folder beside model.onnx", error.Message, StringComparison.Ordinal);
        Assert.Equal(["application/json", "application/x-npy"], payloads.Select(p => p.ContentType));
    }
}
