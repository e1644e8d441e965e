using RightSize.Packaging.Tests.Infrastructure;

namespace RightSize.Packaging.Tests.Licensing;

/// <summary>NOTICE lists the third-party packages of the restore graph; scripts/notice.py writes it and checks it.</summary>
public sealed class NoticeTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task The_committed_NOTICE_matches_the_restore_graph()
    {
        var check = await Command.RunAsync("python3", [Repository.PathOf("scripts", "notice.py"), "--check"], Timeout);

        Assert.True(check.ExitCode == 0, $"NOTICE is out of date; run scripts/notice.py and commit it:\n{check.Output}");
    }

    [Fact]
    public async Task A_NOTICE_missing_a_package_fails_the_check_naming_the_package()
    {
        var notice = File.ReadAllLines(Repository.PathOf("NOTICE"));
        var entry = Array.FindIndex(notice, line => line.StartsWith("YamlDotNet ", StringComparison.Ordinal));
        Assert.True(entry > 0, "NOTICE should list YamlDotNet, which RightSize.Core references");
        var stale = Path.Combine(Path.GetTempPath(), $"rightsize-notice-{Guid.NewGuid():N}");
        await File.WriteAllLinesAsync(stale, [.. notice[..entry], .. notice[(entry + 1)..].SkipWhile(line => line.StartsWith("  ", StringComparison.Ordinal))]);
        try
        {
            var check = await Command.RunAsync("python3", [Repository.PathOf("scripts", "notice.py"), "--check", "--file", stale], Timeout);

            Assert.Equal(1, check.ExitCode);
            Assert.Contains("out of date", check.Output, StringComparison.Ordinal);
            Assert.Contains("+YamlDotNet ", check.Output, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(stale);
        }
    }

    [Fact]
    public void Every_licence_in_NOTICE_is_named()
    {
        var licences = File.ReadAllLines(Repository.PathOf("NOTICE")).Where(line => line.StartsWith("  License: ", StringComparison.Ordinal)).ToList();

        Assert.NotEmpty(licences);
        Assert.DoesNotContain(licences, line => line.Contains("not stated", StringComparison.Ordinal));
    }
}
