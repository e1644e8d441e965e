using System.Text.Json;
using RightSize.Jobs;

namespace RightSize.Server.Security;

/// <summary>
/// Reads the accepted access keys: <c>--auth-keys FILE</c> (a JSON list of <c>{"AccessKeyId", "SecretAccessKey"}</c>,
/// or one such object), plus the pair in RIGHTSIZE_ACCESS_KEY_ID and RIGHTSIZE_SECRET_ACCESS_KEY.
/// </summary>
public static class AccessKeyFile
{
    public const string KeyIdVariable = "RIGHTSIZE_ACCESS_KEY_ID";
    public const string SecretVariable = "RIGHTSIZE_SECRET_ACCESS_KEY";

    public static Result<List<AccessKey>> Load(string? path, Func<string, string?> environment)
    {
        var keys = new List<AccessKey>();
        if (environment(KeyIdVariable) is { Length: > 0 } id)
        {
            if (environment(SecretVariable) is not { Length: > 0 } secret)
            {
                return Result<List<AccessKey>>.Failure(SecretVariable, $"must be set when {KeyIdVariable} is");
            }

            keys.Add(new AccessKey(id, secret));
        }

        if (path is null)
        {
            return Result<List<AccessKey>>.Success(keys);
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var entries = document.RootElement.ValueKind == JsonValueKind.Array ? [.. document.RootElement.EnumerateArray()] : new[] { document.RootElement };
            foreach (var entry in entries)
            {
                if (entry.ValueKind != JsonValueKind.Object
                    || !entry.TryGetProperty("AccessKeyId", out var keyId) || keyId.ValueKind != JsonValueKind.String || keyId.GetString() is not { Length: > 0 } idValue
                    || !entry.TryGetProperty("SecretAccessKey", out var secret) || secret.ValueKind != JsonValueKind.String || secret.GetString() is not { Length: > 0 } secretValue)
                {
                    return Result<List<AccessKey>>.Failure("--auth-keys", $"{path}: each entry needs the strings AccessKeyId and SecretAccessKey");
                }

                keys.Add(new AccessKey(idValue, secretValue));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            return Result<List<AccessKey>>.Failure("--auth-keys", $"cannot read {path}: {e.Message}");
        }

        return Result<List<AccessKey>>.Success(keys);
    }
}
