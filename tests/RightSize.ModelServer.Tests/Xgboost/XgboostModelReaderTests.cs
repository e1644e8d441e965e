using System.Text;
using System.Text.Json.Nodes;
using RightSize.ModelServer.Tests.TestSupport;
using RightSize.ModelServer.Xgboost;

namespace RightSize.ModelServer.Tests.Xgboost;

public sealed class XgboostModelReaderTests
{
    private static JsonNode GoldenModel(string name = "binary-logistic")
        => JsonNode.Parse(File.ReadAllText(Path.Combine(new GoldenCase(name).Directory, "model.json")))!;

    private static Attempt<XgboostModel> Read(JsonNode model) => XgboostModelReader.Read(Encoding.UTF8.GetBytes(model.ToJsonString()), "model.json");

    [Fact]
    public void Reads_shape_of_a_golden_model()
    {
        var model = Read(GoldenModel("multi-softprob")).Value!;

        Assert.Equal((XgboostObjective.MultiSoftprob, 4, 3, 60, 3), (model.Objective, model.FeatureCount, model.GroupCount, model.TreeCount, model.OutputWidth));
    }

    [Fact]
    public void Binary_models_are_rejected_with_a_hint()
    {
        var result = XgboostModelReader.Read(new byte[] { 0x7b - 1, 0, 1, 2 }, "xgboost-model");

        Assert.Contains("re-save it with booster.save_model(\"model.json\")", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Unsupported_objectives_list_the_supported_ones()
    {
        var model = GoldenModel();
        model["learner"]!["objective"]!["name"] = "rank:pairwise";

        Assert.Contains("objective 'rank:pairwise' is not supported; supported: reg:squarederror, reg:logistic", Read(model).Error,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Linear_boosters_are_rejected()
    {
        var model = GoldenModel();
        model["learner"]!["gradient_booster"]!["name"] = "gblinear";

        Assert.Contains("booster 'gblinear' is not supported", Read(model).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Splits_on_features_beyond_num_feature_are_rejected()
    {
        var model = GoldenModel();
        model["learner"]!["learner_model_param"]!["num_feature"] = "2";

        Assert.Contains("splits on feature", Read(model).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Truncated_json_is_reported()
    {
        var text = GoldenModel().ToJsonString();

        Assert.Contains("is not valid JSON", XgboostModelReader.Read(Encoding.UTF8.GetBytes(text[..(text.Length / 2)]), "model.json").Error,
            StringComparison.Ordinal);
    }

    [Fact]
    public void Bracketed_base_score_of_newer_versions_is_read()
    {
        var model = GoldenModel("reg-squarederror");
        model["learner"]!["learner_model_param"]!["base_score"] = "[1.5E2]";

        Assert.True(Read(model).Succeeded);
    }
}
