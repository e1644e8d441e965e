using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RightSize.ModelServer.LlmSynthetic;
using RightSize.ModelServer.Onnx;
using RightSize.ModelServer.Synthetic;
using RightSize.ModelServer.Xgboost;

namespace RightSize.ModelServer.Hosting;

/// <summary>Builds and starts Kestrel with the container endpoints, then makes the model ready in the background.</summary>
internal static class ModelServerApp
{
    /// <summary>Starts listening; fails (as a value) when there is no model file or the address cannot be bound.</summary>
    public static async Task<Attempt<RunningModelServer>> StartAsync(ModelServerOptions options, TextWriter error, CancellationToken cancellationToken)
    {
        string? modelPath = null;
        if (options.Synthetic is null && options.LlmSynthetic is null)
        {
            var found = ModelLocator.Find(options.ModelDirectory, options.Format);
            if (!found.Succeeded)
            {
                return Attempt<RunningModelServer>.Fail(found.Error);
            }

            modelPath = found.Value;
        }

        var address = ModelServerOptionsParser.ParseHost(options.Host)
            ?? throw new ArgumentException($"Host '{options.Host}' is not an IP address.", nameof(options));
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelCore().ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = RequestBody.DrainLimitBytes;
            kestrel.Listen(address, options.Port);
        });
        builder.Services.Configure<ConsoleLifetimeOptions>(lifetime => lifetime.SuppressStatusMessages = true);
        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(10));
        var app = builder.Build();
        var state = new ModelServerState();
        app.Run(new ContainerEndpoints(state, options.InvocationTimeout).HandleAsync);
        try
        {
            await app.StartAsync(cancellationToken);
        }
        catch (IOException e)
        {
            await app.DisposeAsync();
            return Attempt<RunningModelServer>.Fail(
                $"cannot listen on {options.Host}:{options.Port}: {e.Message}; pass --port with a free port, or --port 0 for any free port");
        }

        var bound = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var stopping = app.Lifetime.ApplicationStopping;
        var loading = options.LlmSynthetic is { } llm
            ? StartLlmSynthetic(llm, state)
            : modelPath is null
            ? StartSyntheticAsync(options.Synthetic!, state, stopping)
            : Task.Run(() => LoadModel(modelPath, state, app.Lifetime, error), stopping);
        return Attempt<RunningModelServer>.Ok(new RunningModelServer(app, bound, loading));
    }

    private static async Task<bool> StartSyntheticAsync(SyntheticOptions options, ModelServerState state, CancellationToken stopping)
    {
        state.SetNotReady("the synthetic model is starting (startup delay)");
        await Task.Delay(options.StartupDelay, stopping);
        state.SetReady(new SyntheticInvocationHandler(new SyntheticScheduler(options, Stopwatch.GetTimestamp(), new Random())));
        return true;
    }

    private static Task<bool> StartLlmSynthetic(LlmSyntheticOptions options, ModelServerState state)
    {
        state.SetReady(new LlmInvocationHandler(new InferenceComponentRouter(options), options, TimeProvider.System));
        return Task.FromResult(true);
    }

    /// <summary>A model that cannot be served is fatal, as a crashing container: report it and stop the server.</summary>
    private static bool LoadModel(string path, ModelServerState state, IHostApplicationLifetime lifetime, TextWriter error)
    {
        var handler = ModelLocator.IsOnnx(path) ? LoadOnnx(path, lifetime, error) : LoadXgboost(path);
        if (handler.Succeeded)
        {
            state.SetReady(handler.Value);
            return true;
        }

        state.SetNotReady(handler.Error);
        error.WriteLine($"error: {handler.Error}");
        lifetime.StopApplication();
        return false;
    }

    private static Attempt<IInvocationHandler> LoadXgboost(string path)
    {
        var model = XgboostModelReader.Load(path);
        return model.Succeeded ? Attempt<IInvocationHandler>.Ok(new XgboostInvocationHandler(model.Value)) : Attempt<IInvocationHandler>.Fail(model.Error);
    }

    /// <summary>
    /// ONNX Runtime gets as many threads as the process may use: .NET's processor count follows the cgroup CPU quota
    /// (and affinity) the endpoint runs under, not the host's cores. The session lives as long as the server.
    /// </summary>
    private static Attempt<IInvocationHandler> LoadOnnx(string path, IHostApplicationLifetime lifetime, TextWriter log)
    {
        var model = OnnxModelReader.Load(path, Environment.ProcessorCount);
        if (!model.Succeeded)
        {
            return Attempt<IInvocationHandler>.Fail(model.Error);
        }

        // On stderr, as a container logs: the endpoint's log shows what the session was given.
        log.WriteLine($"onnx: {Path.GetFileName(path)} on ONNX Runtime {OnnxModelReader.RuntimeVersion}, {model.Value.Threads} intra-op and "
            + $"{model.Value.Threads} inter-op threads (the CPUs this process may use), warmed up");

        lifetime.ApplicationStopped.Register(model.Value.Dispose);
        return Attempt<IInvocationHandler>.Ok(new OnnxInvocationHandler(model.Value));
    }
}
