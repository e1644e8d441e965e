using RightSize.Jobs;
using RightSize.Load;

namespace RightSize.Workspaces;

/// <summary>
/// Turns a sample location into payloads: a folder of sample files (read recursively, hidden files skipped), a
/// <c>.tar.gz</c>/<c>.tgz</c> archive (SageMaker's format), or a single file. Each file is one request body.
/// </summary>
public static class PayloadLoader
{
    /// <summary>The content type of a sample file that is not .json or .npy when the job gives no SupportedContentTypes.</summary>
    public const string DefaultContentType = "text/csv";

    /// <param name="localPath">An existing local path, e.g. from <see cref="WorkspaceResolver.ResolveLocation"/>.</param>
    /// <param name="contentType">Every file's content type; null: each file's follows its name (<see cref="ContentTypeOfFile"/>).</param>
    /// <param name="path">The job field the location came from, for messages.</param>
    public static Result<IReadOnlyList<Payload>> Load(string localPath, string? contentType, string path, PayloadLimits? limits = null)
    {
        limits ??= PayloadLimits.Default;
        if (Directory.Exists(localPath))
        {
            return ReadFolder(localPath, contentType, path, limits);
        }

        if (localPath.EndsWith(".tar.gz", StringComparison.OrdinalIgnoreCase) || localPath.EndsWith(".tgz", StringComparison.OrdinalIgnoreCase))
        {
            return ArchivePayloadReader.Read(localPath, contentType, path, limits);
        }

        if (!File.Exists(localPath))
        {
            return Result<IReadOnlyList<Payload>>.Failure(path, $"'{localPath}' does not exist");
        }

        if (new SampleBudget(limits, localPath).Admit(Path.GetFileName(localPath), new FileInfo(localPath).Length) is { } overLimit)
        {
            return Result<IReadOnlyList<Payload>>.Failure(path, overLimit);
        }

        return Result<IReadOnlyList<Payload>>.Success([new Payload(File.ReadAllBytes(localPath), contentType ?? ContentTypeOfFile(localPath)) { Source = localPath }]);
    }

    /// <summary>The first of SupportedContentTypes, else null: each sample file's name decides (<see cref="ContentTypeOfFile"/>).</summary>
    public static string? ContentTypeOf(RecommendationJobInputConfig input) =>
        input.ContainerConfig?.PayloadConfig?.SupportedContentTypes?.FirstOrDefault(t => !string.IsNullOrWhiteSpace(t));

    /// <summary>
    /// A sample file's content type when the job names none: <c>.json</c> is JSON, <c>.npy</c> numpy's tensor format
    /// (builtin:onnx reads both), anything else CSV, XGBoost's default.
    /// </summary>
    public static string ContentTypeOfFile(string name) => Path.GetExtension(name).ToLowerInvariant() switch
    {
        ".json" => "application/json",
        ".npy" => "application/x-npy",
        _ => DefaultContentType,
    };

    private static Result<IReadOnlyList<Payload>> ReadFolder(string folder, string? contentType, string path, PayloadLimits limits)
    {
        var budget = new SampleBudget(limits, folder);
        var payloads = new List<Payload>();
        var files = Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 })
            .Select(file => (file, relative: Path.GetRelativePath(folder, file)))
            .Where(f => !SampleBudget.IsHidden(f.relative))
            .OrderBy(f => f.relative, StringComparer.Ordinal);
        foreach (var (file, relative) in files)
        {
            var info = new FileInfo(file);
            if (info.LinkTarget is not null || HasLinkedParent(folder, relative))
            {
                return Result<IReadOnlyList<Payload>>.Failure(path, $"'{relative}' in '{folder}' is a symlink; sample folders must hold regular files");
            }

            if (budget.Admit(relative, info.Length) is { } overLimit)
            {
                return Result<IReadOnlyList<Payload>>.Failure(path, overLimit);
            }

            payloads.Add(new Payload(File.ReadAllBytes(file), contentType ?? ContentTypeOfFile(file)) { Source = file });
        }

        return payloads.Count > 0
            ? Result<IReadOnlyList<Payload>>.Success(payloads)
            : Result<IReadOnlyList<Payload>>.Failure(path, $"'{folder}' contains no sample files (hidden files are skipped); add at least one request body");
    }

    private static bool HasLinkedParent(string folder, string relative)
    {
        var parent = Path.GetDirectoryName(Path.Combine(folder, relative));
        while (parent is not null && parent.Length > folder.Length)
        {
            if (new DirectoryInfo(parent).LinkTarget is not null)
            {
                return true;
            }

            parent = Path.GetDirectoryName(parent);
        }

        return false;
    }
}
