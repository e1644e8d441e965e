namespace RightSize.Endpoints.Cgroups;

/// <summary>
/// Removes the cgroups under <c>rightsize/</c> whose RightSize is gone (killed, crashed), with whatever still runs in
/// them. Cgroups of a RightSize that still runs (another job, another test process) are left alone.
/// </summary>
public static class CgroupReaper
{
    public const string DefaultRoot = "/sys/fs/cgroup";

    /// <summary>Returns how many cgroups were removed; 0 where there are no cgroups RightSize can write.</summary>
    public static int ReapLeftovers(string root = DefaultRoot)
    {
        if (CgroupHierarchy.Detect(root).Hierarchy is not { } hierarchy)
        {
            return 0;
        }

        var parents = hierarchy.Parents;
        var names = parents.SelectMany(p => Directory.EnumerateDirectories(p).Select(Path.GetFileName)).OfType<string>().Distinct();
        var reaped = 0;
        foreach (var name in names)
        {
            if (CgroupHierarchy.OwnerOf(name) is not { } owner || ProcessTree.IsAlive(owner.Pid, owner.StartTicks))
            {
                continue;
            }

            if (EndpointCgroup.KillAndRemove([.. parents.Select(p => Path.Combine(p, name))], TimeSpan.FromSeconds(10)))
            {
                reaped++;
            }
        }

        return reaped;
    }
}
