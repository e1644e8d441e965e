using System.Diagnostics;
using System.Globalization;
using RightSize.Endpoints;
using RightSize.Tests.Workspaces;

namespace RightSize.Core.Tests.Endpoints;

public sealed class LocalProcessReaperTests
{
    [Fact]
    public async Task An_endpoint_is_kept_while_its_owner_runs_and_stopped_once_the_owner_is_a_zombie()
    {
        using var state = new TempDir();
        using var owner = await UnreapedChild.StartAsync();
        using var orphan = Process.Start("sleep", "60")!;
        using var mine = Process.Start("sleep", "60")!;
        try
        {
            // A pid file as the killed RightSize wrote it, and one of this process's own endpoints.
            state.Write($"{orphan.Id}.pid", string.Create(CultureInfo.InvariantCulture,
                $"{orphan.Id} {ProcessTree.StartTicks(orphan.Id)} {owner.Pid} {owner.StartTicks}"));
            var mineFile = LocalProcessReaper.Register(state.Path, mine.Id)!;

            Assert.Equal(0, LocalProcessReaper.ReapLeftovers(state.Path, TimeProvider.System));
            Assert.False(orphan.HasExited);

            await owner.KillAsync();
            // Still there under its pid and start time: only its state says it is gone.
            Assert.Equal(owner.StartTicks, ProcessTree.StartTicks(owner.Pid));

            Assert.Equal(1, LocalProcessReaper.ReapLeftovers(state.Path, TimeProvider.System));
            Assert.True(orphan.WaitForExit(TimeSpan.FromSeconds(5)), "the orphaned endpoint was stopped");
            Assert.False(mine.HasExited);
            Assert.Equal([mineFile], Directory.GetFiles(state.Path, "*.pid"));
        }
        finally
        {
            foreach (var process in (Process[])[orphan, mine])
            {
                if (!process.HasExited)
                {
                    process.Kill();
                }

                process.WaitForExit();
            }
        }
    }

    [Fact]
    public void A_pid_file_appears_complete_and_one_being_written_is_left_alone_until_stale()
    {
        using var state = new TempDir();
        var pid = Environment.ProcessId;

        var file = LocalProcessReaper.Register(state.Path, pid)!;

        // Only the complete file, under its final name: nothing half written for another RightSize's reaper to see.
        Assert.Equal([file], Directory.GetFiles(state.Path));
        Assert.StartsWith(FormattableString.Invariant($"{pid} {ProcessTree.StartTicks(pid)} {pid} "), File.ReadAllText(file), StringComparison.Ordinal);

        // Another RightSize's pid files while it writes them: created, not yet written (the reaper once deleted such a
        // file, taking it for garbage) and, beside it, one a writer that died left a minute and more ago.
        var writing = Path.Combine(state.Path, "4242.pid-writing");
        var abandoned = Path.Combine(state.Path, "4343.pid-writing");
        File.WriteAllBytes(writing, []);
        File.WriteAllBytes(abandoned, []);
        File.SetLastWriteTimeUtc(abandoned, DateTime.UtcNow - LocalProcessReaper.StaleTemporary - TimeSpan.FromMinutes(1));

        Assert.Equal(0, LocalProcessReaper.ReapLeftovers(state.Path, TimeProvider.System));

        Assert.True(File.Exists(writing));
        Assert.False(File.Exists(abandoned));
        Assert.True(File.Exists(file));
    }
}
