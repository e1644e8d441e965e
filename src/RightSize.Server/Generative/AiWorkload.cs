using RightSize.Generative;
using RightSize.Generative.Api;
using RightSize.Workspaces;

namespace RightSize.Server.Generative;

/// <summary>A workload config made runnable: the spec, the prompts (a dataset channel's JSONL, else synthetic) and what they are.</summary>
internal sealed record AiWorkload(WorkloadSpec Spec, Func<int, GenerativeRequest> Prompts, string PromptSource)
{
    private const string InlinePath = "AIWorkloadConfigs.WorkloadSpec.Inline";
    private const long MaxDatasetBytes = 256L * 1024 * 1024;

    /// <summary>Reads the spec and the dataset; every error names its field (the spec's key path, the dataset's line).</summary>
    public static (AiWorkload? Workload, List<ValidationError> Errors) Read(CreateAIWorkloadConfigRequest config, WorkspaceResolver resolver)
    {
        var errors = new List<ValidationError>();
        var (spec, specErrors) = WorkloadSpecReader.Read(config.AIWorkloadConfigs?.WorkloadSpec?.Inline ?? string.Empty);
        errors.AddRange(specErrors.Select(e => new ValidationError(InlinePath, e)));
        Func<int, GenerativeRequest>? prompts = null;
        var source = spec is null ? string.Empty : $"synthetic prompts, input tokens ~ N({spec.InputTokensMean}, {spec.InputTokensStddev})";
        if (config.DatasetConfig?.InputDataConfig is [var channel, ..] && channel.DataSource?.S3DataSource?.S3Uri is { } uri)
        {
            var path = "DatasetConfig.InputDataConfig[0].DataSource.S3DataSource.S3Uri";
            var location = resolver.ResolveLocation(uri, path);
            if (!location.Succeeded)
            {
                errors.AddRange(location.Errors);
            }
            else
            {
                var files = Directory.Exists(location.Value)
                    ? Directory.GetFiles(location.Value, "*.jsonl").Order(StringComparer.Ordinal).ToArray()
                    : [location.Value];
                if (files.Length == 0)
                {
                    errors.Add(new(path, $"'{uri}' holds no .jsonl file; put the prompts there as JSON Lines ({{\"text\": \"...\", \"output_length\": 64}} per line)"));
                }
                else if (files.Length > 1)
                {
                    errors.Add(new(path, $"'{uri}' holds {files.Length} .jsonl files; RightSize reads one dataset file: give its URI"));
                }
                else if (new FileInfo(files[0]).Length > MaxDatasetBytes)
                {
                    errors.Add(new(path, $"'{uri}' is larger than {MaxDatasetBytes / (1024 * 1024)} MiB; give a smaller dataset"));
                }
                else
                {
                    var outputTokens = spec?.OutputTokensMean is { } o ? (int)o : (int?)null;
                    var (dataset, dataErrors) = PromptDataset.Read(File.ReadLines(files[0]), outputTokens);
                    errors.AddRange(dataErrors.Select(e => new ValidationError(path, $"{Path.GetFileName(files[0])}: {e}")));
                    if (dataset is not null)
                    {
                        prompts = dataset.Next;
                        source = $"channel {channel.ChannelName}: {Path.GetFileName(files[0])} ({dataset.Count} prompts, in order)";
                    }
                }
            }
        }

        if (errors.Count > 0 || spec is null)
        {
            return (null, errors);
        }

        prompts ??= new SyntheticPrompts(spec.InputTokensMean, spec.InputTokensStddev, spec.OutputTokensMean, spec.OutputTokensStddev, spec.RandomSeed).Next;
        foreach (var pass in spec.Passes())
        {
            errors.AddRange(pass.Validate().Select(e => new ValidationError(InlinePath, e)));
        }

        return errors.Count > 0 ? (null, errors) : (new AiWorkload(spec, prompts, source), errors);
    }
}
