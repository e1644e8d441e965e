using RightSize.Catalog;
using RightSize.Generative;
using RightSize.Jobs;
using RightSize.Models;

namespace RightSize.Workspaces;

/// <summary>Loads and checks the workspace file; every mistake is reported at once with its path.</summary>
public static class WorkspaceFile
{
    public const string DefaultFileName = "rightsize.json";

    /// <summary>
    /// Loads <paramref name="path"/> when given (it must exist); otherwise <c>rightsize.json</c> in
    /// <paramref name="currentDirectory"/> when present, else an empty workspace rooted there.
    /// </summary>
    public static Result<Workspace> Load(string? path, string currentDirectory)
    {
        if (path is null)
        {
            var defaultPath = Path.Combine(currentDirectory, DefaultFileName);
            return File.Exists(defaultPath) ? Load(defaultPath, currentDirectory) : Result<Workspace>.Success(new() { Folder = Path.GetFullPath(currentDirectory) });
        }

        var fullPath = Path.GetFullPath(path, currentDirectory);
        if (!File.Exists(fullPath))
        {
            return Result<Workspace>.Failure(SageMakerJson.RootPath, $"workspace file '{fullPath}' does not exist");
        }

        string json;
        try
        {
            json = File.ReadAllText(fullPath);
        }
        catch (IOException e)
        {
            return Result<Workspace>.Failure(SageMakerJson.RootPath, $"cannot read workspace file '{fullPath}': {e.Message}");
        }

        return Parse(json, Path.GetDirectoryName(fullPath)!);
    }

    /// <summary>Reads workspace JSON whose relative paths resolve against <paramref name="folder"/>.</summary>
    public static Result<Workspace> Parse(string json, string folder)
    {
        var parsed = SageMakerJson.Parse(json, SageMakerJsonContext.Default.Workspace);
        if (!parsed.Succeeded)
        {
            return parsed;
        }

        // The source-generated reader sets members absent from the file to null, whatever their initializers say.
        var workspace = parsed.Value with
        {
            Models = parsed.Value.Models ?? [],
            Endpoints = parsed.Value.Endpoints ?? [],
            InstanceTypes = parsed.Value.InstanceTypes ?? [],
            Folder = Path.GetFullPath(folder),
        };
        var errors = Validate(workspace);
        return errors.Count == 0 ? Result<Workspace>.Success(workspace) : Result<Workspace>.Failure(errors);
    }

    public static IReadOnlyList<ValidationError> Validate(Workspace workspace)
    {
        var errors = new List<ValidationError>();
        var modelNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < workspace.Models.Count; i++)
        {
            errors.AddRange(ModelValidator.Validate(workspace.Models[i], $"Models[{i}]"));
            if (workspace.Models[i].ModelName is { } name && !modelNames.Add(name))
            {
                errors.Add(new($"Models[{i}].ModelName", $"model '{name}' is defined twice; model names must be unique"));
            }
        }

        var endpointNames = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < workspace.Endpoints.Count; i++)
        {
            var endpoint = workspace.Endpoints[i];
            if (!endpointNames.Add(endpoint.EndpointName))
            {
                errors.Add(new($"Endpoints[{i}].EndpointName", $"endpoint '{endpoint.EndpointName}' is defined twice; endpoint names must be unique"));
            }

            if (!Uri.TryCreate(endpoint.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
            {
                errors.Add(new($"Endpoints[{i}].Url", $"'{endpoint.Url}' is not an absolute http:// or https:// URL (e.g. http://127.0.0.1:8080/invocations)"));
            }

            if (endpoint.InferenceComponentName is { } component && !InferenceComponentName.IsValid(component))
            {
                errors.Add(new($"Endpoints[{i}].InferenceComponentName", $"'{component}' is not an inference component name; give {InferenceComponentName.Rule}"));
            }
        }

        errors.AddRange(InstanceTypeRules.Validate(workspace.InstanceTypes));
        if (workspace.ObjectRoot is { } root && !Directory.Exists(Path.GetFullPath(root, workspace.Folder)))
        {
            errors.Add(new("ObjectRoot", $"directory '{Path.GetFullPath(root, workspace.Folder)}' does not exist"));
        }

        return errors;
    }
}
