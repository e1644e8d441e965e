using System.Formats.Tar;
using System.IO.Compression;
using System.Text.Json;
using RightSize.Catalog;
using RightSize.Core.Tests.Infrastructure;
using RightSize.Endpoints;
using RightSize.Jobs;
using RightSize.ModelServer;
using RightSize.Orchestration;
using RightSize.Tests.Workspaces;
using RightSize.Workspaces;

namespace RightSize.Core.Tests.Endpoints;

/// <summary>
/// Issue #15: builtin:onnx through a real job, as a local process in a cgroup of one vCPU: ONNX Runtime gets the
/// limit's one thread (not the host's cores), and npy tensors from a sample archive reach it as application/x-npy.
/// </summary>
[Collection(TimingSensitive.Name)]
public sealed class OnnxJobTests
{
    [Fact]
    public async Task A_builtin_onnx_job_on_one_vcpu_serves_npy_samples_from_an_archive_with_one_onnx_runtime_thread()
    {
        using var dir = new TempDir();
        WriteNpyArchive(dir.Combine("samples.tar.gz"));
        var plan = Plan(dir, "application/x-npy");
        using var http = new HttpClient();
        var local = new EndpointLogCapture(new LocalProcessEndpointProvider(new LocalProcessOptions(), http, plan.Payloads[0], TimeProvider.System));
        var job = new JobRecord(plan, DateTimeOffset.UtcNow);

        await new JobRunner(new LoadDependencies([local], TimeProvider.System)).RunAsync(job, NullJobObserver.Instance, CancellationToken.None);

        var test = Assert.Single(job.Tests);
        Assert.True(job.Status == RecommendationStatus.Completed, test.FailureReason);
        Assert.Equal(["application/x-npy", "application/x-npy"], plan.Payloads.Select(p => p.ContentType));
        Assert.Contains(test.Caveats, c => c.Detail.StartsWith("limits enforced by cgroup", StringComparison.Ordinal));
        Assert.True(test.Windows.Sum(w => w.Invocations) > 0, "no invocations");
        Assert.All(test.Windows, w => Assert.Equal(0L, w.Failures));
        var log = Assert.Single(local.Logs);
        Assert.Contains("onnx: model.onnx on ONNX Runtime 1.", log, StringComparison.Ordinal);
        Assert.Contains("1 intra-op and 1 inter-op threads", log, StringComparison.Ordinal);
    }

    /// <summary>The demo ONNX model on local.cpu1 (one vCPU), four users for 6 s in 2 s windows.</summary>
    internal static JobPlan Plan(TempDir dir, string contentType)
    {
        var workspace = WorkspaceFile.Parse($$"""
            { "Models": [ { "ModelName": "digits", "PrimaryContainer": { "Image": "builtin:onnx", "ModelDataUrl": {{JsonSerializer.Serialize(DemoModel.OnnxDirectory)}} } } ] }
            """, dir.Path);
        Assert.True(workspace.Succeeded, string.Join("; ", workspace.Errors));
        var request = JobDocument.Parse($$"""
            {
              "JobName": "onnx-{{Guid.NewGuid():N}}", "JobType": "Advanced", "RoleArn": "arn:aws:iam::123456789012:role/rightsize",
              "InputConfig": {
                "ModelName": "digits",
                "ContainerConfig": { "PayloadConfig": { "SamplePayloadUrl": "samples.tar.gz", "SupportedContentTypes": [ "{{contentType}}" ] } },
                "TrafficPattern": { "TrafficType": "PHASES", "Phases": [ { "InitialNumberOfUsers": 4, "SpawnRate": 0, "DurationInSeconds": 6 } ] },
                "EndpointConfigurations": [ { "InstanceType": "local.cpu1" } ]
              },
              "StoppingConditions": { "FlatInvocations": "Continue" },
              "Tags": [ { "Key": "rightsize:window-seconds", "Value": "2" }, { "Key": "rightsize:setup-deadline-seconds", "Value": "60" } ]
            }
            """);
        Assert.True(request.Succeeded, string.Join("; ", request.Errors));
        var plan = JobPlanner.Plan(request.Value!, new WorkspaceResolver(workspace.Value!), InstanceCatalog.BuiltIn, new JobPlanningOptions());
        Assert.True(plan.Succeeded, string.Join("; ", plan.Errors));
        return plan.Value!;
    }

    /// <summary>The demo model's JSON sample rows as numpy.save writes float32 arrays: one row, and all of them.</summary>
    private static void WriteNpyArchive(string path)
    {
        using var json = JsonDocument.Parse(File.ReadAllText(Path.Combine(DemoModel.OnnxDirectory, "payloads", "batch-16.json")));
        float[][] rows = [.. json.RootElement.GetProperty("instances").EnumerateArray().Select(r => r.EnumerateArray().Select(v => v.GetSingle()).ToArray())];
        using var file = File.Create(path);
        using var gzip = new GZipStream(file, CompressionLevel.Fastest);
        using var tar = new TarWriter(gzip);
        foreach (var (name, batch) in (ReadOnlySpan<(string, float[][])>)[("row-1.npy", rows[..1]), ("batch-16.npy", rows)])
        {
            tar.WriteEntry(new PaxTarEntry(TarEntryType.RegularFile, name) { DataStream = new MemoryStream(Npy(batch)) });
        }
    }

    /// <summary>numpy's format 1.0: magic, header length, a dict padded with spaces to 64 bytes and a newline, C-order data.</summary>
    private static byte[] Npy(float[][] rows)
    {
        var header = $"{{'descr': '<f4', 'fortran_order': False, 'shape': ({rows.Length}, {rows[0].Length}), }}";
        header = header.PadRight(((10 + header.Length + 1 + 63) / 64 * 64) - 10 - 1) + "\n";
        using var stream = new MemoryStream();
        stream.Write([0x93, .. "NUMPY"u8, 1, 0, (byte)(header.Length & 0xff), (byte)(header.Length >> 8)]);
        stream.Write(System.Text.Encoding.ASCII.GetBytes(header));
        foreach (var value in rows.SelectMany(r => r))
        {
            stream.Write(BitConverter.GetBytes(value));
        }

        return stream.ToArray();
    }
}
