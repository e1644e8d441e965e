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

    public static async Task<ModelServerProcess> StartAsync(params string[] args)
    {
        var info = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "RightSize.ModelServer"))
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var arg in (string[])["serve", "--port", "0", .. args])
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
