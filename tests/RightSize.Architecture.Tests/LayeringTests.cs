using System.Reflection;
using NetArchTest.Rules;

namespace RightSize.Architecture.Tests;

/// <summary>
/// The layering rules of docs/architecture.md, checked on the compiled assemblies: each rule looks both at the
/// assemblies a project references and at the types its code uses, so a rule breaks whether the offending reference
/// comes from a project reference, a package or a framework reference.
/// </summary>
public sealed class LayeringTests
{
    private static readonly Assembly Core = Assembly.Load("RightSize.Core");
    private static readonly Assembly Endpoints = Assembly.Load("RightSize.Endpoints");
    private static readonly Assembly Fleet = Assembly.Load("RightSize.Fleet");
    private static readonly Assembly ModelServer = Assembly.Load("RightSize.ModelServer");
    private static readonly Assembly Server = Assembly.Load("RightSize.Server");
    private static readonly Assembly Cli = Assembly.Load("rightsize");

    [Fact]
    public void Core_references_no_server_cli_console_or_aspnet()
    {
        AssertReferencesNone(Core, "RightSize.Server", "rightsize", "RightSize.Endpoints", "RightSize.ModelServer", "RightSize.Fleet",
            "Spectre.Console", "System.Console", "Microsoft.AspNetCore", "NATS");
        AssertDependsOnNone(Types.InAssembly(Core),
            "RightSize.Server", "RightSize.Cli", "RightSize.Fleet", "Spectre.Console", "System.Console", "Microsoft.AspNetCore", "NATS");

        // Unused references leave no trace in the assembly, so the project file is checked for ASP.NET too.
        var project = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "RightSize.Core", "RightSize.Core.csproj"));
        Assert.DoesNotContain("Microsoft.AspNetCore.App", project, StringComparison.Ordinal);
        Assert.DoesNotContain("Microsoft.NET.Sdk.Web", project, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_touches_no_storage()
    {
        // Storage: the server's store, the database clients, and files. The load path records into memory only.
        AssertDependsOnNone(Types.InAssembly(Core).That().ResideInNamespace("RightSize.Load"),
            "RightSize.Server", "Microsoft.Data", "Npgsql", "System.Data", "System.IO.File", "System.IO.FileStream",
            "System.IO.StreamWriter", "System.IO.Directory", "RightSize.Reports", "RightSize.Workspaces");
    }

    [Fact]
    public void Model_server_references_no_other_RightSize_project()
    {
        AssertReferencesNone(ModelServer, "RightSize.", "rightsize");
        // The other projects' namespaces; a type in the bare RightSize namespace is named whole, since that prefix
        // would also match the model server's own RightSize.ModelServer.
        var others = new[] { Core, Endpoints, Fleet, Server, Cli }
            .SelectMany(a => a.GetTypes())
            .Select(t => t.Namespace == "RightSize" ? t.FullName : t.Namespace)
            .OfType<string>()
            .Where(n => n.StartsWith("RightSize.", StringComparison.Ordinal))
            .Where(n => !n.StartsWith("RightSize.ModelServer", StringComparison.Ordinal))
            .Distinct()
            .ToArray();
        AssertDependsOnNone(Types.InAssembly(ModelServer), others);
    }

    [Fact]
    public void Endpoint_infrastructure_references_no_server_or_cli()
    {
        AssertReferencesNone(Endpoints, "RightSize.Server", "rightsize", "RightSize.Fleet", "Spectre.Console", "NATS");
        AssertDependsOnNone(Types.InAssembly(Endpoints), "RightSize.Server", "RightSize.Cli", "RightSize.Fleet", "Spectre.Console", "NATS");
    }

    [Fact]
    public void Fleet_references_no_server_or_cli()
    {
        AssertReferencesNone(Fleet, "RightSize.Server", "rightsize", "Spectre.Console");
        AssertDependsOnNone(Types.InAssembly(Fleet), "RightSize.Server", "RightSize.Cli", "Spectre.Console", "System.Console");
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "RightSize.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"no RightSize.slnx above {AppContext.BaseDirectory}");
    }

    private static void AssertReferencesNone(Assembly assembly, params string[] prefixes)
    {
        var self = assembly.GetName().Name;
        var offending = assembly.GetReferencedAssemblies()
            .Select(r => r.Name!)
            .Where(name => name != self && prefixes.Any(p => name.StartsWith(p, StringComparison.Ordinal)))
            .ToList();
        Assert.True(offending.Count == 0, $"{self} references {string.Join(", ", offending)}");
    }

    private static void AssertDependsOnNone(PredicateList types, params string[] dependencies) =>
        AssertDependsOnNone(types.ShouldNot().HaveDependencyOnAny(dependencies).GetResult());

    private static void AssertDependsOnNone(Types types, params string[] dependencies) =>
        AssertDependsOnNone(types.ShouldNot().HaveDependencyOnAny(dependencies).GetResult());

    private static void AssertDependsOnNone(TestResult result) =>
        Assert.True(result.IsSuccessful, $"types breaking the rule: {string.Join(", ", result.FailingTypeNames ?? [])}");
}
