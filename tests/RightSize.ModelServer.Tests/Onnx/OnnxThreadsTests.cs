using System.Diagnostics;
using RightSize.ModelServer.Tests.TestSupport;

namespace RightSize.ModelServer.Tests.Onnx;

/// <summary>
/// ONNX Runtime's threads follow the CPUs the server process may use, not the host's cores: the model server runs as a
/// real child process pinned to one core (as an endpoint limited to one vCPU is), and says what its session was given.
/// </summary>
public sealed class OnnxThreadsTests
{
    [Fact]
    public async Task A_server_limited_to_one_cpu_gives_onnx_runtime_one_thread()
    {
        var server = Path.Combine(AppContext.BaseDirectory, "RightSize.ModelServer.dll");
        var info = new ProcessStartInfo("/usr/bin/taskset")
        {
            ArgumentList = { "-c", "0", "dotnet", server, "--port", "0", "--model-dir", new OnnxGoldenCase("mlp-digits").Directory },
            RedirectStandardError = true,
            RedirectStandardOutput = true,
        };
        info.Environment["DOTNET_EnableDiagnostics"] = "0";
        using var process = Process.Start(info)!;
        try
        {
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            string? line;
            do
            {
                line = await process.StandardError.ReadLineAsync(deadline.Token);
            }
            while (line is not null && !line.StartsWith("onnx:", StringComparison.Ordinal));

            Assert.NotNull(line);
            Assert.Contains("1 intra-op and 1 inter-op threads", line, StringComparison.Ordinal);
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }
}
