namespace RightSize.Server.Hosting;

/// <summary>A hosted service could not start because of the server's options; <see cref="ServerHost"/> returns the errors as values.</summary>
internal sealed class StartupFailedException(IReadOnlyList<ValidationError> errors)
    : Exception(string.Join("; ", errors))
{
    public IReadOnlyList<ValidationError> Errors { get; } = errors;
}
