using System.Diagnostics;

namespace RightSize.Endpoints.Cgroups;

/// <summary>
/// Starts a command inside a cgroup with no race: a shell writes its own pid to the cgroup's procs files, then execs the
/// command (same pid), so the endpoint and everything it spawns are in the cgroup from their first instruction.
/// </summary>
internal static class CgroupJoin
{
    private const string ProcsVariable = "RIGHTSIZE_CGROUP_PROCS";

    private const string Script =
        "for f in $" + ProcsVariable + "; do echo $$ > \"$f\" || { echo \"rightsize: could not join cgroup $f\" >&2; exit 97; }; done; "
        + "unset " + ProcsVariable + "; exec \"$@\"";

    public static ProcessStartInfo Wrap(ProcessStartInfo info, EndpointCgroup cgroup)
    {
        var wrapped = new ProcessStartInfo("/bin/sh")
        {
            WorkingDirectory = info.WorkingDirectory,
            RedirectStandardOutput = info.RedirectStandardOutput,
            RedirectStandardError = info.RedirectStandardError,
            UseShellExecute = false,
        };
        foreach (var arg in (string[])["-c", Script, "sh", info.FileName, .. info.ArgumentList])
        {
            wrapped.ArgumentList.Add(arg);
        }

        wrapped.Environment.Clear();
        foreach (var (key, value) in info.Environment)
        {
            wrapped.Environment[key] = value;
        }

        wrapped.Environment[ProcsVariable] = string.Join(' ', cgroup.ProcsFiles.Distinct());
        return wrapped;
    }
}
