namespace RightSize.Endpoints.Docker;

/// <summary>A value from the Docker daemon, or what went wrong in words the user can act on.</summary>
internal readonly record struct DockerResult<T>(T? Value, string? Error)
    where T : class
{
    public static DockerResult<T> Ok(T value) => new(value, null);

    public static DockerResult<T> Fail(string error) => new(null, error);
}
