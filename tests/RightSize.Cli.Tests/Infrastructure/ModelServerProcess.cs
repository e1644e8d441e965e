using System.Diagnostics;

namespace RightSize.Cli.Tests.Infrastructure;

/// <summary>The reference model server as a real child process on 127.0.0.1 and a free port; killed on dispose.</summary>
internal sealed class ModelServerProcess : IAsyncDisposable
{
    private readonly Process _process;

    private ModelServerProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public string InvocationsUrl => new Uri(BaseAddress, "invocations").ToString();

    /// <summary>The model server's own exe, as endpoints run it.</summary>
    public static Task<ModelServerProcess> StartAsync(params string[] args)
        => StartAsync("RightSize.ModelServer", ["serve", "--port", "0", .. args]);

    /// <summary>The same server through <c>rightsize model serve</c>.</summary>
    public static Task<ModelServerProcess> StartThroughCliAsync(params string[] args)
        => StartAsync("rightsize", ["model", "serve", "--port", "0", .. args]);

    /// <summary>The simulated LLM engine with these RIGHTSIZE_LLM_* knobs (its ground truth).</summary>
    public static Task<ModelServerProcess> StartLlmAsync(IReadOnlyDictionary<string, string> knobs)
        => StartAsync("RightSize.ModelServer", ["serve", "--port", "0", "--llm-synthetic"], knobs);

    private static async Task<ModelServerProcess> StartAsync(string executable, string[] args, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, executable))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[name] = value;
        }

        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        var process = Process.Start(info)!;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            while (await process.StandardOutput.ReadLineAsync(timeout.Token) is { } line)
            {
                if (line.StartsWith("Listening on ", StringComparison.Ordinal))
                {
                    return new ModelServerProcess(process, new Uri(line["Listening on ".Length..].Trim().TrimEnd('/') + "/"));
                }
            }
        }
        catch (OperationCanceledException)
        {
        }

        process.Kill(entireProcessTree: true);
        throw new InvalidOperationException("the model server did not report its address: " + await process.StandardError.ReadToEndAsync());
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
