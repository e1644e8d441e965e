using System.Diagnostics;
using System.Globalization;

namespace RightSize.Endpoints;

/// <summary>
/// Pid files for local endpoints, so that endpoints left behind by a RightSize that was killed (kill -9, a crash) are
/// found and stopped by the next start. A file names the endpoint and its owner, each by pid and start time, so a
/// reused pid is never mistaken for ours. A file is written under a temporary name and renamed into place, so another
/// RightSize's reaper never reads one half written (it would take it for garbage and delete it).
/// </summary>
public static class LocalProcessReaper
{
    /// <summary>A temporary file older than this was left by a writer that died between writing and renaming it.</summary>
    internal static readonly TimeSpan StaleTemporary = TimeSpan.FromMinutes(1);

    private const string TemporarySuffix = ".pid-writing";

    /// <summary>
    /// Stops endpoints whose owner is gone; returns how many were stopped. Only a folder <see cref="StateFolder.Check"/>
    /// accepts is read, and only regular files this user owns in it: anything else could be planted. A temporary file
    /// is another RightSize's pid file being written, left alone unless older than <see cref="StaleTemporary"/>.
    /// </summary>
    public static int ReapLeftovers(string stateDirectory, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        if (!Directory.Exists(stateDirectory) || StateFolder.Check(stateDirectory) is not null)
        {
            return 0;
        }

        foreach (var file in Directory.EnumerateFiles(stateDirectory, "*" + TemporarySuffix))
        {
            if (time.GetUtcNow().UtcDateTime - File.GetLastWriteTimeUtc(file) > StaleTemporary)
            {
                File.Delete(file);
            }
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
            var writing = file[..^".pid".Length] + TemporarySuffix;
            File.Delete(writing); // a stale file of a reused pid; Delete removes a link itself, never its target
            // CreateNew is O_CREAT|O_EXCL: it never follows a symlink.
            using (var stream = new FileStream(writing, FileMode.CreateNew, FileAccess.Write))
            {
                stream.Write(System.Text.Encoding.ASCII.GetBytes(FormattableString.Invariant(
                    $"{pid} {ProcessTree.StartTicks(pid) ?? 0} {self} {ProcessTree.StartTicks(self) ?? 0}")));
            }

            // rename(2): the complete file appears at once, replacing a stale one of a reused pid (the name itself, never a link's target).
            File.Move(writing, file, overwrite: true);
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
