using System.Globalization;
using System.Net;
using RightSize.ModelServer.Synthetic;

namespace RightSize.ModelServer.Hosting;

/// <summary>The outcome of reading options: options, or the errors to print (each naming the option and the fix).</summary>
internal sealed record ServerOptionsResult(ServerOptions? Options, IReadOnlyList<string> Errors, bool HelpRequested);

/// <summary>Resolves <see cref="ServerOptions"/> from arguments and environment; arguments win over environment.</summary>
internal sealed class ServerOptionsParser
{
    private readonly CommandLine _commandLine;
    private readonly Func<string, string?> _environment;
    private readonly List<string> _errors = [];

    private ServerOptionsParser(CommandLine commandLine, Func<string, string?> environment)
    {
        _commandLine = commandLine;
        _environment = environment;
    }

    public static ServerOptionsResult Parse(IReadOnlyList<string> args, Func<string, string?> environment)
    {
        var (commandLine, error) = CommandLine.Parse(args);
        if (commandLine is null)
        {
            return new ServerOptionsResult(null, [error!], false);
        }

        if (commandLine.HasFlag("--help") || commandLine.HasFlag("-h"))
        {
            return new ServerOptionsResult(null, [], true);
        }

        var parser = new ServerOptionsParser(commandLine, environment);
        var options = parser.Build();
        return parser._errors.Count == 0
            ? new ServerOptionsResult(options, [], false)
            : new ServerOptionsResult(null, parser._errors, false);
    }

    private ServerOptions Build()
    {
        var host = Setting("--host", "RIGHTSIZE_BIND_HOST");
        if (host.Value is not null && ParseHost(host.Value) is null)
        {
            _errors.Add($"{host.Source}: '{host.Value}' is not an IP address; use 127.0.0.1 (local only) or 0.0.0.0 (all interfaces)");
        }

        var timeout = Milliseconds("--invocation-timeout-ms", null, allowZero: false);
        return new ServerOptions
        {
            Host = host.Value ?? "127.0.0.1",
            Port = Port(),
            ModelDirectory = Setting("--model-dir", null).Value ?? ServerOptions.DefaultModelDirectory,
            Synthetic = IsSynthetic() ? Synthetic() : null,
            InvocationTimeout = timeout ?? TimeSpan.FromSeconds(60),
        };
    }

    /// <summary>Maps the accepted host spellings to an address; null when it is not one.</summary>
    public static IPAddress? ParseHost(string host) => host switch
    {
        "localhost" => IPAddress.Loopback,
        "*" or "+" => IPAddress.Any,
        _ => IPAddress.TryParse(host, out var address) ? address : null,
    };

    private int Port()
    {
        var port = Setting("--port", "SAGEMAKER_BIND_TO_PORT");
        if (port.Value is null)
        {
            return 8080;
        }

        if (int.TryParse(port.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= 65535)
        {
            return value;
        }

        _errors.Add($"{port.Source}: '{port.Value}' is not a port; give 1-65535, or 0 for any free port");
        return 0;
    }

    private bool IsSynthetic()
    {
        var mode = _environment("RIGHTSIZE_MODEL_SERVER_MODE");
        if (mode is not (null or "" or "synthetic" or "xgboost"))
        {
            _errors.Add($"RIGHTSIZE_MODEL_SERVER_MODE: '{mode}' is not a mode; use synthetic or xgboost");
        }

        // Giving the capacity on the command line is enough to ask for synthetic mode.
        var syntheticFlagGiven = _commandLine.Value("--slots") is not null || _commandLine.Value("--service-time-ms") is not null;
        return _commandLine.HasFlag("--synthetic")
            || syntheticFlagGiven
            || mode == "synthetic"
            || (mode != "xgboost" && !string.IsNullOrEmpty(_environment("RIGHTSIZE_SYNTHETIC_SLOTS")));
    }

    private SyntheticOptions Synthetic()
    {
        var slots = Setting("--slots", "RIGHTSIZE_SYNTHETIC_SLOTS");
        var slotCount = 0;
        if (slots.Value is null)
        {
            _errors.Add("--slots: synthetic mode needs the number of concurrency slots, e.g. --slots 4 or RIGHTSIZE_SYNTHETIC_SLOTS=4 in the environment");
        }
        else if (!int.TryParse(slots.Value, NumberStyles.None, CultureInfo.InvariantCulture, out slotCount)
            || slotCount is < 1 or > 100_000)
        {
            _errors.Add($"{slots.Source}: '{slots.Value}' is not a slot count; give a whole number from 1 to 100000, e.g. 4");
        }

        var serviceTime = Milliseconds("--service-time-ms", "RIGHTSIZE_SYNTHETIC_SERVICE_TIME_MS", allowZero: false);
        if (Setting("--service-time-ms", "RIGHTSIZE_SYNTHETIC_SERVICE_TIME_MS").Value is null)
        {
            _errors.Add("--service-time-ms: synthetic mode needs the service time of one request, e.g. --service-time-ms 20 or RIGHTSIZE_SYNTHETIC_SERVICE_TIME_MS=20 in the environment");
        }

        var jitter = Milliseconds("--jitter-ms", "RIGHTSIZE_SYNTHETIC_JITTER_MS", allowZero: true) ?? TimeSpan.Zero;
        if (serviceTime is { } t && jitter >= t)
        {
            _errors.Add($"--jitter-ms: {jitter.TotalMilliseconds} ms must be less than the service time ({t.TotalMilliseconds} ms)");
        }

        var stallEvery = Milliseconds("--stall-every-ms", "RIGHTSIZE_SYNTHETIC_STALL_EVERY_MS", allowZero: true) ?? TimeSpan.Zero;
        var stall = Milliseconds("--stall-ms", "RIGHTSIZE_SYNTHETIC_STALL_MS", allowZero: true) ?? TimeSpan.Zero;
        if ((stallEvery > TimeSpan.Zero) != (stall > TimeSpan.Zero))
        {
            _errors.Add("--stall-every-ms and --stall-ms go together; give both (e.g. --stall-every-ms 5000 --stall-ms 200) or neither");
        }
        else if (stall >= stallEvery && stall > TimeSpan.Zero)
        {
            _errors.Add($"--stall-ms: {stall.TotalMilliseconds} ms must be less than --stall-every-ms ({stallEvery.TotalMilliseconds} ms)");
        }

        return new SyntheticOptions
        {
            Slots = Math.Max(slotCount, 1),
            ServiceTime = serviceTime ?? TimeSpan.FromMilliseconds(1),
            Jitter = jitter,
            ErrorRate = ErrorRate(),
            StallEvery = stallEvery,
            StallDuration = stall,
            StartupDelay = Milliseconds("--startup-delay-ms", "RIGHTSIZE_SYNTHETIC_STARTUP_DELAY_MS", allowZero: true) ?? TimeSpan.Zero,
        };
    }

    private double ErrorRate()
    {
        var rate = Setting("--error-rate", "RIGHTSIZE_SYNTHETIC_ERROR_RATE");
        if (rate.Value is null)
        {
            return 0;
        }

        if (double.TryParse(rate.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value is >= 0 and <= 1)
        {
            return value;
        }

        _errors.Add($"{rate.Source}: '{rate.Value}' is not a fraction; give a number from 0 to 1, e.g. 0.01 for 1% errors");
        return 0;
    }

    private TimeSpan? Milliseconds(string option, string? variable, bool allowZero)
    {
        var setting = Setting(option, variable);
        if (setting.Value is null)
        {
            return null;
        }

        if (double.TryParse(setting.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out var ms)
            && double.IsFinite(ms) && (ms > 0 || (allowZero && ms == 0)) && ms <= TimeSpan.FromDays(1).TotalMilliseconds)
        {
            return TimeSpan.FromMilliseconds(ms);
        }

        var range = allowZero ? "0 or more" : "more than 0";
        _errors.Add($"{setting.Source}: '{setting.Value}' is not a duration; give milliseconds ({range}), e.g. {CommandLine.Example(option)}");
        return null;
    }

    private (string? Value, string Source) Setting(string option, string? variable)
    {
        if (_commandLine.Value(option) is { } value)
        {
            return (value, option);
        }

        var fromEnvironment = variable is null ? null : _environment(variable);
        return string.IsNullOrEmpty(fromEnvironment) ? (null, option) : (fromEnvironment, variable!);
    }
}
