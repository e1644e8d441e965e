using RightSize.Jobs;
using RightSize.Models;

namespace RightSize.Server.Security;

/// <summary>
/// What an API caller may make the host run. Without <c>--allow-api-commands</c>, only the operator (the workspace file)
/// chooses commands and images: an API model must use a <c>builtin:*</c> image, and no API-set environment variable may
/// change what a host process loads or runs (the loader, the .NET runtime, the shell, RIGHTSIZE_COMMAND).
/// </summary>
internal static class ApiCommandPolicy
{
    private const string OptIn = "the operator may define it in the workspace file, or start serve with --allow-api-commands (see docs/security.md)";

    // Names that make a host process (the model server, a shell, an interpreter) load or run something else.
    private static readonly string[] HookPrefixes = ["LD_", "DYLD_", "DOTNET_", "COMPlus_", "CORECLR_", "MONO_", "PYTHON", "PERL5", "RUBY", "NODE_"];

    private static readonly string[] HookNames =
    [
        "JAVA_TOOL_OPTIONS", "_JAVA_OPTIONS", "JDK_JAVA_OPTIONS", "BASH_ENV", "ENV", "PATH", "IFS", "GCONV_PATH", "HOME", "SHELL", "TMPDIR",
        BuiltInImages.ProcessCommandVariable,
    ];

    /// <summary>Errors for a CreateModel body an API caller sent; none when the server allows API commands.</summary>
    public static IReadOnlyList<ValidationError> CheckModel(CreateModelRequest model, bool allowed, string path = "PrimaryContainer")
    {
        var errors = new List<ValidationError>();
        if (allowed || model.PrimaryContainer is not { } container)
        {
            return errors;
        }

        if (container.Image is { } image && !image.StartsWith("builtin:", StringComparison.Ordinal))
        {
            errors.Add(new($"{path}.Image", image == BuiltInImages.Process
                ? $"Image 'process' runs a command on the server's host, which an API caller may not choose: {OptIn}"
                : $"Docker image '{image}' runs code of the caller's choosing, which an API caller may not choose: {OptIn}"));
        }

        foreach (var name in (container.Environment ?? []).Keys.Where(IsHostHook))
        {
            errors.Add(new($"{path}.Environment[\"{name}\"]", HookMessage(name)));
        }

        return errors;
    }

    /// <summary>Errors for a job's EnvironmentParameterRanges names that would change what a host process runs.</summary>
    public static IReadOnlyList<ValidationError> CheckJob(CreateInferenceRecommendationsJobRequest request, bool allowed)
    {
        var errors = new List<ValidationError>();
        var configurations = request.InputConfig?.EndpointConfigurations;
        if (allowed || configurations is null)
        {
            return errors;
        }

        for (var i = 0; i < configurations.Count; i++)
        {
            var ranges = configurations[i].EnvironmentParameterRanges?.CategoricalParameterRanges ?? [];
            for (var j = 0; j < ranges.Count; j++)
            {
                if (ranges[j].Name is { } name && IsHostHook(name))
                {
                    errors.Add(new($"InputConfig.EndpointConfigurations[{i}].EnvironmentParameterRanges.CategoricalParameterRanges[{j}].Name", HookMessage(name)));
                }
            }
        }

        return errors;
    }

    private static bool IsHostHook(string name) =>
        HookPrefixes.Any(p => name.StartsWith(p, StringComparison.OrdinalIgnoreCase)) || HookNames.Contains(name, StringComparer.OrdinalIgnoreCase);

    private static string HookMessage(string name) =>
        $"'{name}' changes what a process on the server's host loads or runs, which an API caller may not set: {OptIn}";
}
