using System.Globalization;

namespace RightSize.Endpoints.Docker;

/// <summary>
/// The labels that mark a container as RightSize's and name its owner (pid and start time, so a reused pid is never
/// mistaken for the owner): what the reaper reads after a RightSize was killed.
/// </summary>
internal static class DockerLabels
{
    public const string Managed = "rightsize.managed";
    public const string Endpoint = "rightsize.endpoint";
    public const string OwnerPid = "rightsize.owner-pid";
    public const string OwnerStart = "rightsize.owner-start";

    /// <summary>Labels for an endpoint container owned by this process.</summary>
    public static Dictionary<string, string> For(string endpointName)
    {
        var self = Environment.ProcessId;
        return new Dictionary<string, string>
        {
            [Managed] = "true",
            [Endpoint] = endpointName,
            [OwnerPid] = self.ToString(CultureInfo.InvariantCulture),
            [OwnerStart] = (ProcessTree.StartTicks(self) ?? 0).ToString(CultureInfo.InvariantCulture),
        };
    }

    /// <summary>Whether the process named by the owner labels still runs; labels that name no process mean no.</summary>
    public static bool OwnerIsAlive(IReadOnlyDictionary<string, string>? labels) =>
        labels is not null
        && labels.TryGetValue(OwnerPid, out var pidText) && int.TryParse(pidText, CultureInfo.InvariantCulture, out var pid)
        && labels.TryGetValue(OwnerStart, out var startText) && long.TryParse(startText, CultureInfo.InvariantCulture, out var start)
        && ProcessTree.IsAlive(pid, start);
}
