using RightSize.Endpoints;

namespace RightSize.Core.Tests.Endpoints;

public sealed class ProcessTreeTests
{
    [Fact]
    public async Task A_process_is_alive_until_killed_even_while_its_zombie_keeps_its_pid_and_start_time()
    {
        using var child = await UnreapedChild.StartAsync();

        Assert.True(ProcessTree.IsAlive(child.Pid, child.StartTicks));
        Assert.False(ProcessTree.IsAlive(child.Pid, child.StartTicks + 1), "the same pid started at another time is another process");

        await child.KillAsync();

        Assert.Equal(child.StartTicks, ProcessTree.StartTicks(child.Pid));
        Assert.False(ProcessTree.IsAlive(child.Pid, child.StartTicks));
    }
}
