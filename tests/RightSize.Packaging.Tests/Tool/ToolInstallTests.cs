using System.Text.Json;
using System.Text.RegularExpressions;
using RightSize.Packaging.Tests.Infrastructure;
using Xunit.Abstractions;

namespace RightSize.Packaging.Tests.Tool;

/// <summary>
/// The dotnet tool as a user gets it: `dotnet tool install RightSize.Cli` from the packed feed into a tool path, then
/// `rightsize --version` and `rightsize run`, the README demo, on the reference model server the tool package carries.
/// This is also the demo's own test (issue #10): the larger CPU share serves more per instance, ranks first, and the
/// summary says why.
/// </summary>
[Collection(PackedFeedCollection.Name)]
public sealed class ToolInstallTests(PackedFeed feed, ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    [Fact]
    public async Task The_installed_tool_prints_its_version_and_runs_the_demo_on_the_model_server_it_carries()
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
        // The demo ONNX model a user's job may name (rightsize-demo-onnx) ships beside it, with its sample requests.
        var onnxDemo = Path.Combine(Path.GetDirectoryName(installed[0])!, "DemoOnnxModel");
        Assert.True(File.Exists(Path.Combine(onnxDemo, "model.onnx")) && File.Exists(Path.Combine(onnxDemo, "payloads", "row-1.json")), $"no demo ONNX model in {onnxDemo}");

        // The demo: no job file, the embedded XGBoost model the package carries, on local.half and local.cpu1.
        var work = Directory.CreateDirectory(Path.Combine(feed.Folder, "demo")).FullName;
        var run = await Command.RunAsync(rightsize, ["run", "--output", "out"], TimeSpan.FromMinutes(6), work);
        output.WriteLine(run.Output);
        Assert.True(run.ExitCode == 0, run.Output);
        Assert.Contains("job rightsize-demo: COMPLETED", run.Output, StringComparison.Ordinal);
        DemoAnswer.AssertRankedAndExplained(run.Output, Path.Combine(work, "out"));
    }

    // System.CommandLine prints the informational version: MinVer's version plus the commit the SDK appends.
    private static Regex VersionLine(string version) => new($"^{Regex.Escape(version)}(\\+[0-9a-f]+)?$");
}
