using RightSize.ModelServer.Hosting;
using RightSize.ModelServer.Tests.TestSupport;

namespace RightSize.ModelServer.Tests.Hosting;

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

    [Fact]
    public void The_image_decides_which_file_is_the_model_and_names_itself_when_the_folder_lacks_it()
    {
        using var directory = new TempDirectory();
        var onnx = directory.Write("model.onnx", "");
        Assert.Equal(onnx, ModelLocator.Find(directory.Path).Value);
        Assert.Equal(onnx, ModelLocator.Find(directory.Path, ModelFormat.Onnx).Value);
        Assert.Equal(
            $"Image builtin:xgboost (--xgboost) serves an XGBoost model, but '{directory.Path}' holds model.onnx and no model.json or "
            + "xgboost-model (found: model.onnx); use Image builtin:onnx to serve model.onnx, or save the XGBoost model there as model.json",
            ModelLocator.Find(directory.Path, ModelFormat.Xgboost).Error);

        var json = directory.Write("model.json", "{}");
        Assert.Equal(json, ModelLocator.Find(directory.Path, ModelFormat.Xgboost).Value);
        File.Delete(onnx);
        File.Delete(json);
        Assert.Equal(
            $"Image builtin:xgboost (--xgboost) serves an XGBoost model, but '{directory.Path}' has none: expected model.json, xgboost-model "
            + "or a single *.json file saved by Booster.save_model (found: nothing)",
            ModelLocator.Find(directory.Path, ModelFormat.Xgboost).Error);
        directory.Write("model.json", "{}");
        Assert.Equal(
            $"Image builtin:onnx (--onnx) serves model.onnx with ONNX Runtime, but '{directory.Path}' has no model.onnx (found: model.json); "
            + "export the model there as model.onnx, or use Image builtin:xgboost for an XGBoost model",
            ModelLocator.Find(directory.Path, ModelFormat.Onnx).Error);
    }
}
