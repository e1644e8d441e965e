namespace RightSize.Cli.Commands.Autoscaling;

/// <summary>
/// One profile's settings from the aws CLI's shared files: <c>~/.aws/credentials</c> (or AWS_SHARED_CREDENTIALS_FILE),
/// sections <c>[name]</c>, and <c>~/.aws/config</c> (or AWS_CONFIG_FILE), sections <c>[default]</c> and
/// <c>[profile name]</c>; the profile is AWS_PROFILE, else <c>default</c>. The credentials file wins for keys, as in
/// the aws CLI. Read by hand rather than with Microsoft.Extensions.Configuration.Ini because that provider throws on a
/// key repeated in one section, which the aws CLI's nested blocks (<c>s3 =</c> followed by indented settings) produce.
/// </summary>
internal sealed record AwsSharedConfig(string Profile, IReadOnlyDictionary<string, string> Settings)
{
    public const string ProfileVariable = "AWS_PROFILE";

    public string? this[string key] => Settings.GetValueOrDefault(key);

    /// <summary>The profile's settings; an error when AWS_PROFILE names a profile neither file has.</summary>
    public static Result<AwsSharedConfig> Load(Func<string, string?> environment)
    {
        string? Variable(string name) => environment(name) is { Length: > 0 } value ? value : null;
        var named = Variable(ProfileVariable);
        var profile = named ?? "default";
        var home = Variable("HOME");
        var credentials = Read(Variable("AWS_SHARED_CREDENTIALS_FILE") ?? AwsFile(home, "credentials"), profile);
        var config = Read(Variable("AWS_CONFIG_FILE") ?? AwsFile(home, "config"), profile == "default" ? "default" : "profile " + profile);
        if (named is not null && credentials is null && config is null)
        {
            return Result<AwsSharedConfig>.Failure(ProfileVariable, $"profile '{named}' is in neither ~/.aws/credentials nor ~/.aws/config; unset {ProfileVariable} or add the profile");
        }

        var settings = new Dictionary<string, string>(config ?? [], StringComparer.Ordinal);
        foreach (var (key, value) in credentials ?? [])
        {
            settings[key] = value;
        }

        return Result<AwsSharedConfig>.Success(new AwsSharedConfig(profile, settings));
    }

    private static string? AwsFile(string? home, string name) => home is null ? null : Path.Combine(home, ".aws", name);

    /// <summary>The top-level settings of one section; null when the file or the section is absent.</summary>
    private static Dictionary<string, string>? Read(string? file, string section)
    {
        if (file is null || !File.Exists(file))
        {
            return null;
        }

        Dictionary<string, string>? found = null;
        var inSection = false;
        foreach (var raw in File.ReadLines(file))
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or ';')
            {
                continue;
            }

            if (line[0] == '[' && line[^1] == ']')
            {
                inSection = line[1..^1].Trim() == section;
                found ??= inSection ? new Dictionary<string, string>(StringComparer.Ordinal) : null;
                continue;
            }

            // An indented line belongs to a nested block (`s3 =` then its settings): not a profile setting.
            if (inSection && !char.IsWhiteSpace(raw[0]) && line.IndexOf('=') is > 0 and var equals)
            {
                found![line[..equals].Trim()] = line[(equals + 1)..].Trim();
            }
        }

        return found;
    }
}
