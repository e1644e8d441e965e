namespace RightSize.Endpoints.Docker;

/// <summary>
/// Finds whether Docker's userland proxy (<c>docker-proxy</c>) forwards a published port. By default it carries all
/// traffic to ports published on 127.0.0.1: a host process outside the endpoint's CPU limit that costs CPU per request
/// and can cap throughput below what the endpoint serves. <c>dockerd --userland-proxy=false</c> forwards in the kernel.
/// </summary>
internal static class UserlandProxy
{
    public const string Warning =
        "Docker's userland proxy (docker-proxy) forwards the endpoint's port: it uses host CPU outside the endpoint's limit and "
        + "may cap its throughput; start dockerd with --userland-proxy=false (or \"userland-proxy\": false in daemon.json) for accurate measurements";

    /// <summary>True when a docker-proxy process on this host forwards <paramref name="hostPort"/>.</summary>
    public static bool Forwards(string hostPort)
    {
        var portArgument = $"\0-host-port\0{hostPort}\0";
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out _))
            {
                continue;
            }

            try
            {
                var commandLine = File.ReadAllText(Path.Combine(dir, "cmdline"));
                if (commandLine.Contains("docker-proxy", StringComparison.Ordinal) && commandLine.Contains(portArgument, StringComparison.Ordinal))
                {
                    return true;
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The process exited meanwhile, or is not ours to read.
            }
        }

        return false;
    }
}
