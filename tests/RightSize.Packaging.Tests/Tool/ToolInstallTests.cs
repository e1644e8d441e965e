using System.Text.Json;
using System.Text.RegularExpressions;
using RightSize.Packaging.Tests.Infrastructure;

namespace RightSize.Packaging.Tests.Tool;

/// <summary>
/// The dotnet tool as a user gets it: `dotnet tool install RightSize.Cli` from the packed feed into a tool path, then
/// `rightsize --version` and a short job whose endpoint is the reference model server the tool package carries.
/// </summary>
[Collection(PackedFeedCollection.Name)]
public sealed class ToolInstallTests(PackedFeed feed)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task The_installed_tool_prints_its_version_and_runs_a_job_on_the_model_server_it_carries()
    {
        var tools = Path.Combine(feed.Folder, "tools");
        (await Command.RunAsync("dotnet", ["tool", "install", "RightSize.Cli", "--tool-path", tools, "--version", feed.Version,
            "--configfile", feed.NuGetConfig], Timeout, feed.Folder, feed.Environment)).Succeeded();
        var rightsize = Path.Combine(tools, "rightsize");

        // The same version as the package, and as the model server inside it (one version for every artefact).
        var version = (await Command.RunAsync(rightsize, ["--version"], Timeout, feed.Folder)).Succeeded().Output.Trim();
        Assert.Matches(VersionLine(feed.Version), version);
        var installed = Directory.GetFiles(Path.Combine(tools, ".store"), "RightSize.ModelServer.dll", SearchOption.AllDirectories);
        var modelServer = (await Command.RunAsync("dotnet", [Assert.Single(installed), "--version"], Timeout, feed.Folder)).Succeeded().Output.Trim();
        Assert.Equal(version, modelServer);
        Assert.True(File.Exists(Path.Combine(Path.GetDirectoryName(installed[0])!, "DemoModel", "model.json")), "the demo model ships beside the tool");

        // A short job: the CLI starts the packaged model server as a child process (builtin:synthetic) and loads it.
        var work = Directory.CreateDirectory(Path.Combine(feed.Folder, "work")).FullName;
        await File.WriteAllTextAsync(Path.Combine(work, "rightsize.json"), """
            { "Models": [ { "ModelName": "synthetic", "PrimaryContainer": { "Image": "builtin:synthetic",
                "Environment": { "RIGHTSIZE_SYNTHETIC_SLOTS": "4", "RIGHTSIZE_SYNTHETIC_SERVICE_TIME_MS": "5" } } } ] }
            """);
        await File.WriteAllTextAsync(Path.Combine(work, "job.json"), """
            {
              "JobName": "installed-tool", "JobType": "Advanced", "RoleArn": "arn:aws:iam::123456789012:role/rightsize",
              "InputConfig": {
                "ModelName": "synthetic",
                "TrafficPattern": { "TrafficType": "PHASES", "Phases": [ { "InitialNumberOfUsers": 2, "SpawnRate": 0, "DurationInSeconds": 4 } ] },
                "EndpointConfigurations": [ { "InstanceType": "local.cpu1" } ]
              },
              "Tags": [ { "Key": "rightsize:window-seconds", "Value": "2" } ]
            }
            """);
        var run = await Command.RunAsync(rightsize, ["run", "job.json", "--relaxed-validation", "--output", "out"], Timeout, work);

        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("job installed-tool: COMPLETED", run.Output, StringComparison.Ordinal);
        using var describe = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(work, "out", "describe.json")));
        var metrics = describe.RootElement.GetProperty("InferenceRecommendations")[0].GetProperty("Metrics");
        Assert.True(metrics.GetProperty("MaxInvocations").GetInt64() > 0, metrics.ToString());
    }

    // System.CommandLine prints the informational version: MinVer's version plus the commit the SDK appends.
    private static Regex VersionLine(string version) => new($"^{Regex.Escape(version)}(\\+[0-9a-f]+)?$");
}
