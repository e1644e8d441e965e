using System.Globalization;
using System.Text;
using RightSize.Jobs;
using RightSize.Load;
using RightSize.Models;

namespace RightSize.Workspaces;

/// <summary>
/// A job's sample payloads: ContainerConfig.PayloadConfig.SamplePayloadUrl when set; otherwise the model folder's
/// <c>payloads/</c> subfolder when it exists; otherwise generated CSV for the built-in models (a one-token LMI/TGI request for builtin:llm-synthetic;
/// none for builtin:onnx, whose inputs only the model knows).
/// </summary>
public static class JobPayloads
{
    private const string SampleUrlPath = "InputConfig.ContainerConfig.PayloadConfig.SamplePayloadUrl";
    private const int GeneratedRows = 10;
    private const int Seed = 42;

    /// <param name="model">The job's model, or null for a job on an existing endpoint.</param>
    public static Result<IReadOnlyList<Payload>> Load(RecommendationJobInputConfig input, CreateModelRequest? model, WorkspaceResolver resolver, PayloadLimits? limits = null)
    {
        var contentType = PayloadLoader.ContentTypeOf(input);
        if (input.ContainerConfig?.PayloadConfig?.SamplePayloadUrl is { Length: > 0 } url)
        {
            var location = resolver.ResolveLocation(url, SampleUrlPath);
            return location.Succeeded
                ? PayloadLoader.Load(location.Value, contentType, SampleUrlPath, limits)
                : Result<IReadOnlyList<Payload>>.Failure(location.Errors);
        }

        var image = model?.PrimaryContainer?.Image;
        string? modelPath = null;
        if (model?.PrimaryContainer?.ModelDataUrl is { Length: > 0 } modelDataUrl)
        {
            var resolved = resolver.ResolveLocation(modelDataUrl, "InputConfig.ModelName");
            if (!resolved.Succeeded)
            {
                return Result<IReadOnlyList<Payload>>.Failure(resolved.Errors.Select(e => e with { Message = $"model '{model.ModelName}' PrimaryContainer.ModelDataUrl: {e.Message}" }).ToList());
            }

            modelPath = resolved.Value;
            var samples = Path.Combine(Directory.Exists(modelPath) ? modelPath : Path.GetDirectoryName(modelPath)!, "payloads");
            if (Directory.Exists(samples))
            {
                return PayloadLoader.Load(samples, contentType, SampleUrlPath, limits);
            }
        }

        return image switch
        {
            BuiltInImages.Synthetic => Result<IReadOnlyList<Payload>>.Success([Csv("0.5,1.5,2.5,3.5")]),
            BuiltInImages.LlmSynthetic => Result<IReadOnlyList<Payload>>.Success([LlmSyntheticProbe]),
            BuiltInImages.Xgboost when modelPath is not null => ForXgboost(modelPath),
            BuiltInImages.Onnx => Result<IReadOnlyList<Payload>>.Failure(SampleUrlPath,
                $"required: RightSize has no default payloads for builtin:onnx (the model's inputs decide what a request holds); put sample "
                + "requests (.json, .npy) in a payloads/ folder beside model.onnx, or set ContainerConfig.PayloadConfig.SamplePayloadUrl to a folder or .tar.gz of them"),
            _ => Result<IReadOnlyList<Payload>>.Failure(SampleUrlPath,
                $"required: RightSize has no default payloads for {(image is null ? "an existing endpoint" : $"image '{image}'")}; "
                + "set ContainerConfig.PayloadConfig.SamplePayloadUrl to a folder or .tar.gz of sample request bodies"),
        };
    }

    /// <summary>
    /// A request an LLM server accepts (LMI/TGI's native form, one new token): builtin:llm-synthetic's health probe and
    /// its default payload, since it refuses CSV.
    /// </summary>
    public static Payload LlmSyntheticProbe { get; } =
        new(Encoding.UTF8.GetBytes("{\"inputs\":\"ping\",\"parameters\":{\"max_new_tokens\":1}}"), "application/json");

    private static Result<IReadOnlyList<Payload>> ForXgboost(string modelPath)
    {
        var (file, findError) = XgboostModelFile.Find(modelPath);
        var (features, readError) = file is null ? (null, findError) : XgboostModelFile.ReadNumFeature(file);
        if (features is not { } count)
        {
            return Result<IReadOnlyList<Payload>>.Failure(SampleUrlPath,
                $"no default payloads for builtin:xgboost: {readError}; or set ContainerConfig.PayloadConfig.SamplePayloadUrl");
        }

        // Deterministic rows, so runs are comparable; values in [0, 10) are plausible for most tabular features.
        var random = new Random(Seed);
        var payloads = new List<Payload>(GeneratedRows);
        for (var row = 0; row < GeneratedRows; row++)
        {
            var values = Enumerable.Range(0, count).Select(_ => (random.NextDouble() * 10).ToString("0.###", CultureInfo.InvariantCulture));
            payloads.Add(Csv(string.Join(',', values)));
        }

        return Result<IReadOnlyList<Payload>>.Success(payloads);
    }

    private static Payload Csv(string row) => new(Encoding.UTF8.GetBytes(row), PayloadLoader.DefaultContentType);
}
