using System.Text.RegularExpressions;

namespace RightSize.Packaging.Tests.Infrastructure;

/// <summary>
/// The packages `dotnet pack RightSize.slnx` makes (RightSize.Cli, RightSize.Core, RightSize.Endpoints), packed once
/// for the tests that install and consume them, into a folder used as the only package source. The build the suite
/// already made is packed (--no-build; this project references the packed projects so they are built first), and
/// restores go to a private packages folder fed by this machine's NuGet cache, so nothing comes from the network and
/// the user's cache never holds these test packages.
/// </summary>
public sealed partial class PackedFeed : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    public string Folder { get; } = Path.Combine(Path.GetTempPath(), $"rightsize-packaging-{Guid.NewGuid():N}");

    public string Feed => Path.Combine(Folder, "feed");

    /// <summary>
    /// A NuGet.Config whose sources are the packed feed and this machine's package cache, nothing else; projects made
    /// under <see cref="Folder"/> find it by themselves.
    /// </summary>
    public string NuGetConfig => Path.Combine(Folder, "NuGet.Config");

    /// <summary>Where restores in these tests put packages (NUGET_PACKAGES).</summary>
    public string PackagesFolder => Path.Combine(Folder, "packages");

    /// <summary>The version MinVer gave every package (they must agree).</summary>
    public string Version { get; private set; } = "";

    public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string>
    {
        ["NUGET_PACKAGES"] = PackagesFolder,
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_NOLOGO"] = "1",
    };

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(Feed);
        // bin/CONFIGURATION/net10.0/: pack the configuration this test was built in.
        var configuration = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;
        (await Command.RunAsync("dotnet", ["pack", Repository.PathOf("RightSize.slnx"), "--no-build", "-c", configuration, "-o", Feed, "-nologo"], Timeout)).Succeeded();
        var versions = Directory.GetFiles(Feed, "*.nupkg").Select(p => PackageFile().Match(Path.GetFileName(p))).ToList();
        Assert.Equal(["RightSize.Cli", "RightSize.Core", "RightSize.Endpoints"], versions.Select(m => m.Groups["id"].Value).Order());
        Version = Assert.Single(versions.Select(m => m.Groups["version"].Value).Distinct());

        var cache = System.Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(System.Environment.GetFolderPath(System.Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        await File.WriteAllTextAsync(NuGetConfig, $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="rightsize" value="{Feed}" />
                <add key="machine-cache" value="{cache}" />
              </packageSources>
            </configuration>
            """);
    }

    public Task DisposeAsync()
    {
        Directory.Delete(Folder, recursive: true);
        return Task.CompletedTask;
    }

    [GeneratedRegex(@"^(?<id>RightSize\.[A-Za-z]+)\.(?<version>\d+\.\d+\.\d+.*)\.nupkg$")]
    private static partial Regex PackageFile();
}

[CollectionDefinition(Name)]
public sealed class PackedFeedCollection : ICollectionFixture<PackedFeed>
{
    public const string Name = "Packed feed";
}
