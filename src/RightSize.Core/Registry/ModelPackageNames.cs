namespace RightSize.Registry;

/// <summary>
/// How SageMaker names groups and versions: <c>arn:…:model-package-group/NAME</c> for a group and
/// <c>arn:…:model-package/GROUP/VERSION</c> for a version; the API also takes the bare <c>NAME</c> and <c>GROUP/VERSION</c>.
/// </summary>
public static class ModelPackageNames
{
    public static string GroupArn(string region, string account, string group) => $"arn:aws:sagemaker:{region}:{account}:model-package-group/{group}";

    public static string PackageArn(string region, string account, string group, int version) =>
        $"arn:aws:sagemaker:{region}:{account}:model-package/{group}/{version}";

    /// <summary>The group's name from its name or ARN (already checked against botocore's pattern).</summary>
    public static string Group(string nameOrArn) => nameOrArn.StartsWith("arn:", StringComparison.Ordinal) ? nameOrArn[(nameOrArn.LastIndexOf('/') + 1)..] : nameOrArn;

    /// <summary>The group and version of <c>GROUP/VERSION</c> or <c>arn:…:model-package/GROUP/VERSION</c>; false for anything else.</summary>
    public static bool TryParseVersion(string? nameOrArn, out string group, out int version)
    {
        group = string.Empty;
        version = 0;
        if (nameOrArn is null)
        {
            return false;
        }

        var rest = nameOrArn;
        if (nameOrArn.StartsWith("arn:", StringComparison.Ordinal))
        {
            var marker = nameOrArn.IndexOf(":model-package/", StringComparison.Ordinal);
            if (marker < 0)
            {
                return false;
            }

            rest = nameOrArn[(marker + ":model-package/".Length)..];
        }

        var slash = rest.IndexOf('/');
        if (slash <= 0 || !int.TryParse(rest.AsSpan(slash + 1), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out version)
            || version < 1 || rest.IndexOf('/', slash + 1) >= 0)
        {
            return false;
        }

        group = rest[..slash];
        return true;
    }
}
