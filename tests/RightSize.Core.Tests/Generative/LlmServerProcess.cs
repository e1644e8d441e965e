using System.Diagnostics;

namespace RightSize.Core.Tests.Generative;

/// <summary>The reference model server in LLM synthetic mode as a real child process on 127.0.0.1 and a free port.</summary>
internal sealed class LlmServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private LlmServerProcess(Process process, Uri baseUrl)
    {
        _process = process;
        BaseUrl = baseUrl;
    }

    public Uri BaseUrl { get; }

    public Uri Chat => new(BaseUrl, "v1/chat/completions");

    public static async Task<LlmServerProcess> StartAsync(double prefillMsPerToken, double decodeStepMs, int maxBatch = 64, bool sendStamps = false)
    {
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "RightSize.ModelServer"))
        {
            ArgumentList = { "--llm-synthetic", "--port", "0" },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            Environment =
            {
                ["RIGHTSIZE_LLM_PREFILL_MS_PER_TOKEN"] = prefillMsPerToken.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["RIGHTSIZE_LLM_DECODE_STEP_MS"] = decodeStepMs.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["RIGHTSIZE_LLM_MAX_BATCH"] = maxBatch.ToString(System.Globalization.CultureInfo.InvariantCulture),
                ["DOTNET_EnableDiagnostics"] = "0",
                ["RIGHTSIZE_LLM_SEND_STAMPS"] = sendStamps ? "1" : "0",
            },
        };
        var process = Process.Start(info)!;
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var line = await process.StandardOutput.ReadLineAsync(timeout.Token)
                ?? throw new InvalidOperationException($"the model server exited: {await process.StandardError.ReadToEndAsync()}");
            return new LlmServerProcess(process, new Uri(line["Listening on ".Length..] + "/"));
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
        _process.Dispose();
    }
}
