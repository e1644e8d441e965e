namespace RightSize.Endpoints.Docker;

/// <summary>How RightSize reaches the Docker daemon and how it runs endpoint containers.</summary>
public sealed record DockerOptions
{
    public const string DefaultHost = "unix:///var/run/docker.sock";

    /// <summary>The daemon's address: <c>DOCKER_HOST</c> when set, else the default socket. Only unix sockets are supported.</summary>
    public string Host { get; init; } = System.Environment.GetEnvironmentVariable("DOCKER_HOST") is { Length: > 0 } host ? host : DefaultHost;

    /// <summary>How long one API call may take (not counting waits for a container to exit).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>How long a stopping container gets after SIGTERM before it is killed.</summary>
    public TimeSpan StopTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How many lines of a container's log a FailureReason quotes; 0 withholds them.</summary>
    public int LogTailLines { get; init; } = 20;
}
