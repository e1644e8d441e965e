using System.Text.RegularExpressions;
using RightSize.Packaging.Tests.Infrastructure;

namespace RightSize.Packaging.Tests.Versions;

/// <summary>
/// Every artefact's version comes from git tags through MinVer: CI builds a fresh clone that may have no tags (or only
/// its last commit), which must give a pre-release of the minimum version rather than fail; a vX.Y.Z tag gives X.Y.Z.
/// </summary>
public sealed class GitTagVersionTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task A_clone_without_tags_gets_a_pre_release_and_a_tag_sets_the_version()
    {
        var clone = Path.Combine(Path.GetTempPath(), $"rightsize-clone-{Guid.NewGuid():N}");
        try
        {
            (await Command.RunAsync("git", ["clone", "--quiet", "--no-tags", "--depth", "1", $"file://{Repository.Root}", clone], Timeout)).Succeeded();

            var untagged = await VersionOfAsync(clone);
            Assert.Matches(new Regex(@"^0\.1\.0-alpha\.0(\.\d+)?$"), untagged);

            (await Command.RunAsync("git", ["-C", clone, "tag", "v9.8.7"], Timeout)).Succeeded();
            Assert.Equal("9.8.7", await VersionOfAsync(clone));
        }
        finally
        {
            Directory.Delete(clone, recursive: true);
        }
    }

    // MinVer's target, after a restore from the local package cache; the model server is the smallest project.
    private static async Task<string> VersionOfAsync(string clone)
    {
        var project = Path.Combine(clone, "src", "RightSize.ModelServer", "RightSize.ModelServer.csproj");
        var result = (await Command.RunAsync("dotnet", ["msbuild", project, "-restore", "-t:MinVer", "-getProperty:Version", "-nologo"], Timeout, clone)).Succeeded();
        return result.Output.Trim().Split('\n')[^1].Trim();
    }
}
