using System.Diagnostics;
using System.Globalization;

namespace RightSize.Endpoints;

/// <summary>
/// Pid files for local endpoints, so that endpoints left behind by a RightSize that was killed (kill -9, a crash) are
/// found and stopped by the next start. A file names the endpoint and its owner, each by pid and start time, so a
/// reused pid is never mistaken for ours.
/// </summary>
public static class LocalProcessReaper
{
    /// <summary>
    /// Stops endpoints whose owner is gone; returns how many were stopped. Only a folder <see cref="StateFolder.Check"/>
    /// accepts is read, and only regular files this user owns in it: anything else could be planted.
    /// </summary>
    public static int ReapLeftovers(string stateDirectory)
    {
        if (!Directory.Exists(stateDirectory) || StateFolder.Check(stateDirectory) is not null)
        {
            return 0;
        }

        var reaped = 0;
        foreach (var file in Directory.EnumerateFiles(stateDirectory, "*.pid"))
        {
            if (!StateFolder.IsOwnRegularFile(file) || ReadEntry(file) is not { } entry)
            {
                File.Delete(file);
                continue;
            }

            if (ProcessTree.IsAlive(entry.Owner, entry.OwnerStart))
            {
                continue;
            }

            if (ProcessTree.IsAlive(entry.Pid, entry.Start))
            {
                try
                {
                    using var process = Process.GetProcessById(entry.Pid);
                    process.Kill(entireProcessTree: true);
                    process.WaitForExit(TimeSpan.FromSeconds(10));
                    reaped++;
                }
                catch (ArgumentException)
                {
                    // Exited meanwhile.
                }
            }

            File.Delete(file);
        }

        return reaped;
    }

    internal static string? Register(string stateDirectory, int pid)
    {
        if (StateFolder.Prepare(stateDirectory) is not null)
        {
            return null;
        }

        try
        {
            var self = Environment.ProcessId;
            var file = Path.Combine(stateDirectory, $"{pid}.pid");
            File.Delete(file); // a stale file of a reused pid; Delete removes a link itself, never its target
            // CreateNew is O_CREAT|O_EXCL: it never follows a symlink.
            using var stream = new FileStream(file, FileMode.CreateNew, FileAccess.Write);
            stream.Write(System.Text.Encoding.ASCII.GetBytes(FormattableString.Invariant(
                $"{pid} {ProcessTree.StartTicks(pid) ?? 0} {self} {ProcessTree.StartTicks(self) ?? 0}")));
            return file;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    internal static void Unregister(string? file)
    {
        if (file is not null)
        {
            File.Delete(file);
        }
    }

    /// <summary>The endpoint and its owner, each by pid and start time; null for a file that is not one of ours.</summary>
    private static (int Pid, long Start, int Owner, long OwnerStart)? ReadEntry(string file) =>
        SafeRead(file)?.Split(' ') is [var pid, var start, var owner, var ownerStart]
        && int.TryParse(pid, NumberStyles.None, CultureInfo.InvariantCulture, out var p)
        && long.TryParse(start, NumberStyles.None, CultureInfo.InvariantCulture, out var s)
        && int.TryParse(owner, NumberStyles.None, CultureInfo.InvariantCulture, out var o)
        && long.TryParse(ownerStart, NumberStyles.None, CultureInfo.InvariantCulture, out var os)
            ? (p, s, o, os)
            : null;

    private static string? SafeRead(string file)
    {
        try
        {
            return File.ReadAllText(file).Trim();
        }
        catch (IOException)
        {
            return null;
        }
    }
}
