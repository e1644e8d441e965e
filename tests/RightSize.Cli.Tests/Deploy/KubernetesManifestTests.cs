using System.Text.RegularExpressions;
using k8s;
using k8s.Models;
using Spectre.Console;

namespace RightSize.Cli.Tests.Deploy;

/// <summary>
/// deploy/kubernetes and deploy/systemd cannot run here (no Kubernetes, no systemd as init), so these load them with
/// the Kubernetes model types and check what breaks a deployment silently: pools, flags, secrets.
/// </summary>
public sealed partial class KubernetesManifestTests
{
    private const string InstanceTypeLabel = "node.kubernetes.io/instance-type";
    private const string Image = "rightsize";

    private static readonly string Root = RepoRoot();
    private static readonly string Folder = Path.Combine(Root, "deploy", "kubernetes");

    [Fact]
    public void Every_manifest_loads_strictly_and_the_kustomization_lists_every_one()
    {
        var files = Manifests().Select(f => Path.GetFileName(f)).Order().ToList();
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            var objects = KubernetesYaml.LoadAllFromString(File.ReadAllText(Path.Combine(Folder, file)), strict: true);
            Assert.NotEmpty(objects);
            foreach (var o in objects.Cast<IKubernetesObject<V1ObjectMeta>>())
            {
                Assert.True(o is V1Namespace || o.Metadata.NamespaceProperty == "rightsize", $"{file}: {o.Kind} {o.Metadata.Name} is not in namespace rightsize");
            }
        }

        var listed = KustomizationResources().Order().ToList();
        Assert.Equal(files, listed);
    }

    [Fact]
    public void Every_agent_DaemonSet_is_pinned_to_its_node_pool_and_reports_that_type()
    {
        var daemonSets = Objects().OfType<V1DaemonSet>().ToList();
        Assert.True(daemonSets.Count >= 2, "one DaemonSet per node pool, at least an endpoint pool and a generator pool");
        foreach (var set in daemonSets)
        {
            var pod = set.Spec.Template.Spec;
            Assert.True(pod.NodeSelector?.ContainsKey(InstanceTypeLabel) == true, $"{set.Metadata.Name} has no {InstanceTypeLabel} node selector");
            var nodeType = pod.NodeSelector![InstanceTypeLabel];
            var agent = Assert.Single(pod.Containers);
            Assert.Equal("agent", agent.Args[0]);
            Assert.Equal("ml." + nodeType, ValueOf(agent.Args, "--instance-type"));
            foreach (var (key, value) in set.Spec.Selector.MatchLabels)
            {
                Assert.Equal(value, set.Spec.Template.Metadata.Labels[key]);
            }
        }

        var roles = daemonSets.Select(s => ValueOf(s.Spec.Template.Spec.Containers[0].Args, "--roles")).ToList();
        Assert.Contains(roles, r => r!.Contains("endpoint", StringComparison.Ordinal));
        Assert.Contains(roles, r => r!.Contains("generator", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_RightSize_container_runs_the_one_image_with_args_the_CLI_accepts()
    {
        var containers = Objects().SelectMany(PodOf).SelectMany(p => p.Containers).Where(c => c.Image == Image).ToList();
        Assert.Contains(containers, c => c.Args[0] == "serve");
        Assert.Contains(containers, c => c.Args[0] == "agent");
        foreach (var container in containers)
        {
            Assert.Null(container.Command);
            var defined = (container.Env ?? []).Select(e => e.Name).ToHashSet();
            foreach (var reference in container.Args.SelectMany(a => KubeletVariable().Matches(a)).Select(m => m.Groups[1].Value))
            {
                Assert.Contains(reference, defined);
            }

            AssertParses(container.Args.Select(a => KubeletVariable().Replace(a, "x")).ToArray());
        }

        var execStart = SystemdUnit().Split('\n').Single(l => l.StartsWith("ExecStart=", StringComparison.Ordinal))["ExecStart=".Length..];
        var words = execStart.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        Assert.EndsWith("/rightsize", words[0], StringComparison.Ordinal);
        AssertParses(words[1..].Select(w => SystemdVariable().Replace(w, "x")).ToArray());
    }

    [Fact]
    public void Secrets_are_referenced_never_inlined_and_the_docs_say_how_to_create_each()
    {
        var objects = Objects().ToList();
        Assert.DoesNotContain(objects, o => o is V1Secret);
        var secretNames = new HashSet<string>();
        foreach (var pod in objects.SelectMany(PodOf))
        {
            foreach (var container in pod.Containers)
            {
                foreach (var env in container.Env ?? [])
                {
                    if (SecretName().IsMatch(env.Name))
                    {
                        Assert.True(env.Value is null && env.ValueFrom?.SecretKeyRef is not null, $"{container.Name}: {env.Name} must come from a Secret");
                    }

                    if (env.ValueFrom?.SecretKeyRef is { } reference)
                    {
                        secretNames.Add(reference.Name);
                    }
                }

                Assert.DoesNotContain(container.Args ?? [], a => a is "--nats-password" or "--nats-token" || a.Contains("Password=", StringComparison.OrdinalIgnoreCase));
            }

            secretNames.UnionWith((pod.Volumes ?? []).Where(v => v.Secret is not null).Select(v => v.Secret.SecretName));
        }

        Assert.NotEmpty(secretNames);
        var docs = File.ReadAllText(Path.Combine(Root, "docs", "fleet-deploy.md"));
        foreach (var name in secretNames)
        {
            Assert.Contains($"kubectl -n rightsize create secret generic {name}", docs, StringComparison.Ordinal);
        }

        Assert.DoesNotContain("--nats-password", SystemdUnit(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_NATS_config_is_valid_for_nats_server_with_exactly_the_environment_its_container_gets()
    {
        var objects = Objects().ToList();
        var config = objects.OfType<V1ConfigMap>().Single(c => c.Metadata.Name == "nats-config").Data["nats.conf"];
        var nats = objects.OfType<V1StatefulSet>().Single(s => s.Metadata.Name == "nats").Spec.Template.Spec.Containers.Single();
        var folder = Directory.CreateTempSubdirectory("rightsize-nats-config-");
        try
        {
            var file = Path.Combine(folder.FullName, "nats.conf");
            await File.WriteAllTextAsync(file, config.Replace("/data/jetstream", Path.Combine(folder.FullName, "js"), StringComparison.Ordinal));
            var check = new System.Diagnostics.ProcessStartInfo("nats-server", ["-t", "-c", file]) { RedirectStandardError = true, RedirectStandardOutput = true };
            check.Environment.Clear();
            foreach (var env in nats.Env)
            {
                check.Environment[env.Name] = "secret-from-" + (env.ValueFrom?.SecretKeyRef?.Key ?? "value");
            }

            using var process = System.Diagnostics.Process.Start(check)!;
            var output = await process.StandardOutput.ReadToEndAsync() + await process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, output);
        }
        finally
        {
            folder.Delete(recursive: true);
        }

        // The agents' user may not publish work: only the coordinator's may.
        Assert.Contains("{ user: agent, password: $AGENT_PASSWORD, permissions: { publish: { deny: [\"rightsize.agent.*.work.>\", \"rightsize.agent.*.generate.>\"] } } }", config, StringComparison.Ordinal);
        var agentUsers = objects.OfType<V1DaemonSet>().SelectMany(d => d.Spec.Template.Spec.Containers).Select(c => c.Env.Single(e => e.Name == "RIGHTSIZE_NATS_USER").Value);
        Assert.All(agentUsers, user => Assert.Equal("agent", user));
        var server = objects.OfType<V1Deployment>().Single(d => d.Metadata.Name == "rightsize-server").Spec.Template.Spec.Containers.Single();
        Assert.Equal("coordinator", server.Env.Single(e => e.Name == "RIGHTSIZE_NATS_USER").Value);
    }

    private static void AssertParses(string[] args)
    {
        var context = new CliContext(AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(TextWriter.Null) }), TimeProvider.System);
        var parse = CliApp.Create(context).Parse(args);
        Assert.True(parse.Errors.Count == 0, $"rightsize {string.Join(' ', args)}: {string.Join("; ", parse.Errors.Select(e => e.Message))}");
    }

    private static string? ValueOf(IList<string> args, string option)
    {
        var at = args.IndexOf(option);
        return at >= 0 && at + 1 < args.Count ? args[at + 1] : null;
    }

    private static IEnumerable<V1PodSpec> PodOf(object o) => o switch
    {
        V1Deployment d => [d.Spec.Template.Spec],
        V1DaemonSet d => [d.Spec.Template.Spec],
        V1StatefulSet s => [s.Spec.Template.Spec],
        _ => [],
    };

    private static IEnumerable<object> Objects() =>
        Manifests().SelectMany(f => KubernetesYaml.LoadAllFromString(File.ReadAllText(f), strict: true));

    private static IEnumerable<string> Manifests() =>
        Directory.EnumerateFiles(Folder, "*.yaml").Where(f => Path.GetFileName(f) != "kustomization.yaml");

    private static IEnumerable<string> KustomizationResources()
    {
        var lines = File.ReadAllLines(Path.Combine(Folder, "kustomization.yaml"));
        return lines.SkipWhile(l => l != "resources:").Skip(1).TakeWhile(l => l.StartsWith("  - ", StringComparison.Ordinal)).Select(l => l[4..].Trim());
    }

    private static string SystemdUnit() => File.ReadAllText(Path.Combine(Root, "deploy", "systemd", "rightsize-agent.service"));

    private static string RepoRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "RightSize.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"no RightSize.slnx above {AppContext.BaseDirectory}");
    }

    // $(NAME): what the kubelet expands in args from the container's env.
    [GeneratedRegex(@"\$\(([A-Z_][A-Z0-9_]*)\)")]
    private static partial Regex KubeletVariable();

    [GeneratedRegex(@"\$\{[A-Z_][A-Z0-9_]*\}")]
    private static partial Regex SystemdVariable();

    [GeneratedRegex("PASSWORD|TOKEN|SECRET", RegexOptions.IgnoreCase)]
    private static partial Regex SecretName();
}
