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

            Assert.Equal(0, LocalProcessReaper.ReapLeftovers(state.Path));
            Assert.False(orphan.HasExited);

            await owner.KillAsync();
            // Still there under its pid and start time: only its state says it is gone.
            Assert.Equal(owner.StartTicks, ProcessTree.StartTicks(owner.Pid));

            Assert.Equal(1, LocalProcessReaper.ReapLeftovers(state.Path));
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
}
