using System.Diagnostics;
using System.Globalization;
using System.Runtime.Versioning;
using RightSize.Endpoints;
using RightSize.Orchestration;
using RightSize.Tests.Workspaces;

namespace RightSize.Core.Tests.Endpoints;

/// <summary>The pid-file folder is trusted only when this user owns it with mode 0700 and it is no symlink.</summary>
[SupportedOSPlatform("linux")]
public sealed class StateFolderTests
{
    [Fact]
    public void A_planted_pid_file_in_a_folder_others_can_write_kills_nothing()
    {
        using var dir = new TempDir();
        var planted = dir.Combine("endpoints");
        Directory.CreateDirectory(planted);
        File.SetUnixFileMode(planted, (UnixFileMode)0x1FF); // 0777, as another user would leave it in /tmp
        using var victim = Process.Start("sleep", "60")!;
        try
        {
            // "victim is my endpoint, and my owner (pid 1 with a wrong start time) is gone": the old reaper killed it.
            File.WriteAllText(Path.Combine(planted, $"{victim.Id}.pid"),
                string.Create(CultureInfo.InvariantCulture, $"{victim.Id} {ProcessTree.StartTicks(victim.Id)} 1 1"));

            using var engine = new JobEngine(TimeProvider.System, new LocalProcessOptions { StateDirectory = planted });
            Assert.Contains("open to other users (mode 777)", Assert.Single(engine.PrepareStateFolder()).Message, StringComparison.Ordinal);
            // The pid-file reaper alone: the engine's full reap also removes other tests' Docker containers.
            Assert.Equal(0, LocalProcessReaper.ReapLeftovers(planted, TimeProvider.System));
            Assert.False(victim.HasExited);
        }
        finally
        {
            victim.Kill();
            victim.WaitForExit();
        }
    }

    [Fact]
    public void A_state_folder_that_is_a_symlink_is_refused_and_nothing_behind_it_is_deleted()
    {
        using var dir = new TempDir();
        var elsewhere = dir.Combine("elsewhere");
        Directory.CreateDirectory(elsewhere);
        var precious = Path.Combine(elsewhere, "precious.pid");
        File.WriteAllText(precious, "not a pid file");
        var link = dir.Combine("endpoints");
        File.CreateSymbolicLink(link, elsewhere);

        using var engine = new JobEngine(TimeProvider.System, new LocalProcessOptions { StateDirectory = link });
        Assert.Contains("is a symlink or not a directory", Assert.Single(engine.PrepareStateFolder()).Message, StringComparison.Ordinal);
        Assert.Equal(0, LocalProcessReaper.ReapLeftovers(link, TimeProvider.System));
        Assert.True(File.Exists(precious));
    }

    [Fact]
    public void A_pid_file_that_is_a_symlink_is_never_read_or_followed()
    {
        using var dir = new TempDir();
        var state = dir.Combine("endpoints");
        Assert.Null(StateFolder.Prepare(state));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(state));
        var target = dir.Write("target.txt", "1 1 1 1");
        File.CreateSymbolicLink(Path.Combine(state, "123.pid"), target);

        Assert.Equal(0, LocalProcessReaper.ReapLeftovers(state, TimeProvider.System));
        Assert.Empty(Directory.GetFiles(state, "*.pid"));
        Assert.Equal("1 1 1 1", File.ReadAllText(target));
    }

    /// <summary>Needs root (to hand the folder to another user), as the cgroup tests do.</summary>
    [Fact]
    public void A_folder_of_another_user_is_refused()
    {
        using var dir = new TempDir();
        var state = dir.Combine("endpoints");
        Assert.Null(StateFolder.Prepare(state));
        using (var chown = Process.Start("chown", ["65534", state])!)
        {
            chown.WaitForExit();
            Assert.Equal(0, chown.ExitCode);
        }

        Assert.Contains("belongs to user 65534", StateFolder.Prepare(state), StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_is_the_runtime_folder_then_run_for_root_then_a_per_user_temp_folder()
    {
        using var dir = new TempDir();
        Assert.Equal(Path.Combine(dir.Path, "rightsize", "endpoints"), StateFolder.DefaultFor(dir.Path, 1000));
        Assert.Equal("/run/rightsize/endpoints", StateFolder.DefaultFor(null, 0));
        Assert.Equal(Path.Combine(Path.GetTempPath(), "rightsize-1000", "endpoints"), StateFolder.DefaultFor(null, 1000));
    }
}
