using System.IO.Compression;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RightSize.Packaging.Tests.Infrastructure;

namespace RightSize.Packaging.Tests.Library;

/// <summary>
/// RightSize.Core as a library: a new project outside the repository references the packed RightSize.Endpoints (which
/// brings RightSize.Core) from the local feed, and runs the ten-line example of the package's own README, as it is
/// written there, against an endpoint this test serves on 127.0.0.1.
/// </summary>
[Collection(PackedFeedCollection.Name)]
public sealed partial class LibraryPackageTests(PackedFeed feed)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task The_README_example_runs_a_job_against_a_URL_from_the_packed_library()
    {
        var example = ExampleOf(ReadmeIn(Path.Combine(feed.Feed, $"RightSize.Core.{feed.Version}.nupkg")));
        Assert.Equal(ExampleOf(ReadmeIn(Path.Combine(feed.Feed, $"RightSize.Endpoints.{feed.Version}.nupkg"))), example);
        var project = Directory.CreateDirectory(Path.Combine(feed.Folder, "consumer")).FullName;
        await File.WriteAllTextAsync(Path.Combine(project, "Program.cs"), example);
        await File.WriteAllTextAsync(Path.Combine(project, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
                <Nullable>enable</Nullable>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="RightSize.Endpoints" Version="{feed.Version}" />
              </ItemGroup>
            </Project>
            """);

        var invocations = 0;
        await using var endpoint = await StartEndpointAsync(() => Interlocked.Increment(ref invocations));
        // The restore finds the feed's NuGet.Config in the folder above the project.
        var run = await Command.RunAsync("dotnet", ["run", "--", endpoint.Url], Timeout, project, feed.Environment);

        Assert.True(run.ExitCode == 0, run.Output);
        var result = Result().Match(run.Output);
        Assert.True(result.Success, $"the example's last line is missing:\n{run.Output}");
        Assert.True(long.Parse(result.Groups["max"].Value, System.Globalization.CultureInfo.InvariantCulture) > 0, run.Output);
        Assert.True(Volatile.Read(ref invocations) > 0, "the job sent no invocation to the endpoint");
    }

    private static string ReadmeIn(string package)
    {
        using var archive = ZipFile.OpenRead(package);
        var entry = archive.GetEntry("README.md") ?? throw new InvalidOperationException($"{package} carries no README.md");
        using var reader = new StreamReader(entry.Open());
        return reader.ReadToEnd();
    }

    private static string ExampleOf(string readme) => CSharpBlock().Match(readme) is { Success: true } block
        ? block.Groups["code"].Value
        : throw new InvalidOperationException("the README has no ```csharp example");

    // Answers SageMaker's container contract (/ping, /invocations) with a constant, counting invocations.
    private static async Task<Endpoint> StartEndpointAsync(Action invoked)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        var app = builder.Build();
        app.MapGet("/ping", () => Results.Ok());
        app.MapPost("/invocations", () =>
        {
            invoked();
            return Results.Text("0.5\n", "text/csv");
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new Endpoint(app, $"{address}/invocations");
    }

    private sealed record Endpoint(WebApplication App, string Url) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }

    [GeneratedRegex(@"```csharp\n(?<code>.*?)```", RegexOptions.Singleline)]
    private static partial Regex CSharpBlock();

    [GeneratedRegex(@"^Completed: MaxInvocations (?<max>\d+)/min, ModelLatency \d+ us$", RegexOptions.Multiline)]
    private static partial Regex Result();
}
