using RightSize.ModelServer.Tests.TestSupport;
using RightSize.ModelServer.Xgboost;

namespace RightSize.ModelServer.Tests.Xgboost;

public sealed class ModelLocatorTests
{
    [Fact]
    public void Model_json_comes_first_then_xgboost_model()
    {
        using var directory = new TempDirectory();
        var sagemakerName = directory.Write("xgboost-model", "{}");
        directory.Write("other.json", "{}");
        Assert.Equal(sagemakerName, ModelLocator.Find(directory.Path).Value);

        var modelJson = directory.Write("model.json", "{}");
        Assert.Equal(modelJson, ModelLocator.Find(directory.Path).Value);
    }

    [Fact]
    public void A_single_json_file_is_the_model()
    {
        using var directory = new TempDirectory();
        var path = directory.Write("churn-v3.json", "{}");
        directory.Write("README.txt", "");

        Assert.Equal(path, ModelLocator.Find(directory.Path).Value);
    }

    [Fact]
    public void Several_json_files_or_none_is_an_error_listing_what_is_there()
    {
        using var directory = new TempDirectory();
        directory.Write("notes.txt", "");
        Assert.Contains("expected model.onnx, model.json, xgboost-model or a single *.json file", ModelLocator.Find(directory.Path).Error,
            StringComparison.Ordinal);
        Assert.Contains("found: notes.txt", ModelLocator.Find(directory.Path).Error, StringComparison.Ordinal);

        directory.Write("a.json", "{}");
        directory.Write("b.json", "{}");
        Assert.Contains("holds 2 .json files (a.json, b.json, notes.txt); name the model file model.json",
            ModelLocator.Find(directory.Path).Error, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_directory_is_an_error() => Assert.Contains("does not exist", ModelLocator.Find("/no/such/dir").Error, StringComparison.Ordinal);
}
