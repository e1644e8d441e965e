namespace RightSize.Endpoints.Docker;

/// <summary>
/// Removes endpoint containers left behind by a RightSize that did not exit cleanly (kill -9, a crash): containers
/// labelled <c>rightsize.managed=true</c> whose owner process (pid and start time) is gone.
/// </summary>
public static class DockerReaper
{
    /// <summary>How many leftovers were removed. Without a reachable daemon there are none to remove.</summary>
    public static async Task<int> ReapLeftoversAsync(DockerOptions options, CancellationToken cancellationToken)
    {
        var connected = await DockerEngineClient.ConnectAsync(options, cancellationToken);
        using var docker = connected.Value;
        if (docker is null)
        {
            return 0;
        }

        var managed = await docker.ListContainersAsync($"{DockerLabels.Managed}=true", cancellationToken);
        var reaped = 0;
        foreach (var container in managed.Value ?? [])
        {
            if (!DockerLabels.OwnerIsAlive(container.Labels) && await docker.RemoveContainerAsync(container.Id, cancellationToken) is null)
            {
                reaped++;
            }
        }

        return reaped;
    }
}
