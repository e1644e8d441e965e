namespace RightSize.Server.Security;

/// <summary>One accepted credential pair, as in the <c>--auth-keys</c> file.</summary>
public sealed record AccessKey(string AccessKeyId, string SecretAccessKey);
