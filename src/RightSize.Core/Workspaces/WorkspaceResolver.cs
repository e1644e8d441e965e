using RightSize.Jobs;
using RightSize.Models;

namespace RightSize.Workspaces;

/// <summary>
/// Resolves what a job names (models, endpoints, object URLs) against a workspace. When <c>allowedRoots</c> is given
/// (the server does this), every resolved path must lie under one of them after resolving symlinks.
/// </summary>
public sealed class WorkspaceResolver
{
    private const int MaxNamesShown = 10;
    private readonly Workspace _workspace;
    private readonly string[]? _allowedRoots;

    public WorkspaceResolver(Workspace workspace, IEnumerable<string>? allowedRoots = null)
    {
        _workspace = workspace;
        // The filesystem root is never an allowed root (a server started in / with no workspace must not serve /etc).
        _allowedRoots = allowedRoots?
            .Select(root => PathGuard.RealPath(Path.GetFullPath(root, workspace.Folder)) ?? Path.GetFullPath(root, workspace.Folder))
            .Where(root => !PathGuard.IsFileSystemRoot(root))
            .ToArray();
    }

    public Workspace Workspace => _workspace;

    /// <summary>The job's model: by InputConfig.ModelName, or by ModelPackageVersionArn matched to a workspace model's PrimaryContainer.ModelPackageName.</summary>
    public Result<CreateModelRequest> ResolveModel(RecommendationJobInputConfig input)
    {
        if (!string.IsNullOrEmpty(input.ModelName))
        {
            return ResolveModel(input.ModelName, "InputConfig.ModelName");
        }

        if (string.IsNullOrEmpty(input.ModelPackageVersionArn))
        {
            return Result<CreateModelRequest>.Failure("InputConfig.ModelName", "required: the job names no model (set InputConfig.ModelName)");
        }

        var arn = input.ModelPackageVersionArn;
        var model = _workspace.Models.FirstOrDefault(m => m.PrimaryContainer?.ModelPackageName == arn);
        return model is not null
            ? Result<CreateModelRequest>.Success(model)
            : Result<CreateModelRequest>.Failure("InputConfig.ModelPackageVersionArn",
                $"model package '{arn}' is not registered (CreateModelPackage on rightsize serve) and no workspace model maps it: register it, use InputConfig.ModelName, "
                + "or give a workspace model PrimaryContainer.ModelPackageName equal to this ARN");
    }

    public Result<CreateModelRequest> ResolveModel(string modelName, string path = "InputConfig.ModelName")
    {
        var model = _workspace.Models.FirstOrDefault(m => m.ModelName == modelName);
        return model is not null
            ? Result<CreateModelRequest>.Success(model)
            : Result<CreateModelRequest>.Failure(path,
                $"model '{modelName}' is not defined (rightsize.json Models, or CreateModel on a server); {Defined(_workspace.Models.Select(m => m.ModelName!), "add one to rightsize.json Models or create one with CreateModel")}");
    }

    /// <summary>The invocation URL of an existing endpoint (InputConfig.Endpoints[i].EndpointName).</summary>
    public Result<Uri> ResolveEndpointUrl(string endpointName, string path = "InputConfig.Endpoints[0].EndpointName")
    {
        var endpoint = _workspace.Endpoints.FirstOrDefault(e => e.EndpointName == endpointName);
        return endpoint is { InferenceComponentName: { } component }
            ? Result<Uri>.Failure(path, $"endpoint '{endpointName}' hosts inference component '{component}'; recommendation jobs invoke an endpoint without "
                + "one (as SageMaker's Inference Recommender): benchmark it with CreateAIBenchmarkJob, or add an Endpoints entry without InferenceComponentName")
            : endpoint is not null
            ? Result<Uri>.Success(new Uri(endpoint.Url))
            : Result<Uri>.Failure(path,
                $"endpoint '{endpointName}' is not defined in the workspace (rightsize.json Endpoints); {Defined(_workspace.Endpoints.Select(e => e.EndpointName), "add one to rightsize.json Endpoints")}");
    }

    /// <summary>
    /// A ModelDataUrl or SamplePayloadUrl as an existing local path (symlinks resolved): <c>s3://bucket/key</c> maps to
    /// <c>ObjectRoot/bucket/key</c>; <c>file://</c> URLs and plain paths (relative to the workspace folder) are used as
    /// they are; <c>https://</c> objects are not fetched.
    /// </summary>
    public Result<string> ResolveLocation(string location, string path)
    {
        var local = ToLocalPath(location, path);
        if (!local.Succeeded)
        {
            return local;
        }

        var real = PathGuard.RealPath(local.Value);
        // Outside the roots, one answer whatever the path is: the caller learns nothing about what exists there.
        if (_allowedRoots is { } roots && (real is null || !roots.Any(root => PathGuard.IsUnder(real, root))))
        {
            return Result<string>.Failure(path, $"'{location}' is outside the allowed directories: "
                + (roots.Length == 0 ? "none are configured (serve --allowed-root DIR, or a workspace file)" : string.Join(", ", roots)));
        }

        if (real is null)
        {
            return Result<string>.Failure(path, $"'{location}' resolves through a symlink loop");
        }

        return File.Exists(real) || Directory.Exists(real)
            ? Result<string>.Success(real)
            : Result<string>.Failure(path, $"'{location}' resolves to '{real}', which does not exist");
    }

    /// <summary>
    /// Where a job writes its output (S3OutputLocation): the same mapping as <see cref="ResolveLocation"/>, but the
    /// folder need not exist yet; its nearest existing ancestor must lie in the allowed directories.
    /// </summary>
    public Result<string> ResolveOutputLocation(string location, string path)
    {
        var local = ToLocalPath(location, path);
        if (!local.Succeeded)
        {
            return local;
        }

        var existing = local.Value;
        while (!Directory.Exists(existing) && Path.GetDirectoryName(existing) is { } parent)
        {
            existing = parent;
        }

        var real = PathGuard.RealPath(existing);
        if (File.Exists(local.Value) || real is null || (_allowedRoots is { } roots && !roots.Any(root => PathGuard.IsUnder(real, root))))
        {
            return Result<string>.Failure(path, $"'{location}' is not a folder RightSize may write to: give s3://bucket/prefix/ under the workspace's ObjectRoot"
                + (_allowedRoots is { } r ? $" (allowed directories: {string.Join(", ", r)})" : string.Empty));
        }

        return Result<string>.Success(Path.Combine(real, Path.GetRelativePath(existing, local.Value)));
    }

    private Result<string> ToLocalPath(string location, string path)
    {
        if (location.StartsWith("s3://", StringComparison.OrdinalIgnoreCase))
        {
            return FromObjectRoot(location, path);
        }

        if (location.StartsWith("https://", StringComparison.OrdinalIgnoreCase) || location.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            return Result<string>.Failure(path,
                $"'{location}': remote objects are not fetched; download it and give a local path, a file:// URL, or an s3:// URL under the workspace's ObjectRoot");
        }

        if (location.StartsWith("file://", StringComparison.OrdinalIgnoreCase))
        {
            return Uri.TryCreate(location, UriKind.Absolute, out var uri) && uri.IsFile && string.IsNullOrEmpty(uri.Host)
                ? Result<string>.Success(Path.GetFullPath(uri.LocalPath))
                : Result<string>.Failure(path, $"'{location}' is not a valid file URL; use file:///absolute/path");
        }

        return SageMakerPatterns.AnyScheme().IsMatch(location)
            ? Result<string>.Failure(path, $"'{location}' is not a supported location: use s3://bucket/key, file:///path, or a local path")
            : Result<string>.Success(Path.GetFullPath(location, _workspace.Folder));
    }

    private Result<string> FromObjectRoot(string location, string path)
    {
        if (_workspace.ObjectRoot is not { } objectRoot)
        {
            return Result<string>.Failure(path, $"'{location}': s3:// URLs need the workspace's ObjectRoot (rightsize.json \"ObjectRoot\": \"a directory\")");
        }

        var bucketAndKey = location["s3://".Length..];
        var root = Path.GetFullPath(objectRoot, _workspace.Folder);
        var local = Path.GetFullPath(Path.Combine(root, bucketAndKey));
        return bucketAndKey.Length > 0 && bucketAndKey[0] != '/' && PathGuard.IsUnder(local, root) && local != root
            ? Result<string>.Success(local)
            : Result<string>.Failure(path, $"'{location}' does not name an object under ObjectRoot: use s3://bucket/key");
    }

    /// <summary>
    /// The first names (a server may hold thousands of models; the error stays short) and how many more, or how to
    /// define one when there are none.
    /// </summary>
    private static string Defined(IEnumerable<string> names, string howToAdd)
    {
        var list = names.Order(StringComparer.Ordinal).ToList();
        return list.Count == 0 ? $"none are defined: {howToAdd}"
            : list.Count <= MaxNamesShown ? $"defined: {string.Join(", ", list)}"
            : $"defined: {string.Join(", ", list.Take(MaxNamesShown))} and {list.Count - MaxNamesShown} more";
    }
}
