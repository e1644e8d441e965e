using System.CommandLine;
using System.Globalization;
using System.Net;
using RightSize.ModelServer.Synthetic;

namespace RightSize.ModelServer.Hosting;

/// <summary>The outcome of reading options: options, or the errors to print (each naming the option and the fix).</summary>
internal sealed record ModelServerOptionsResult(ModelServerOptions? Options, IReadOnlyList<string> Errors);

/// <summary>Resolves <see cref="ModelServerOptions"/> from parsed arguments and environment; arguments win over environment.</summary>
internal sealed class ModelServerOptionsParser
{
    private readonly ParseResult _parse;
    private readonly ServeOptions _options;
    private readonly Func<string, string?> _environment;
    private readonly List<string> _errors = [];

    private const string ModeVariable = "RIGHTSIZE_MODEL_SERVER_MODE";

    private ModelServerOptionsParser(ParseResult parse, ServeOptions options, Func<string, string?> environment)
    {
        _parse = parse;
        _options = options;
        _environment = environment;
    }

    public static ModelServerOptionsResult Parse(ParseResult parse, ServeOptions options, Func<string, string?> environment)
    {
        var parser = new ModelServerOptionsParser(parse, options, environment);
        var built = parser.Build();
        return parser._errors.Count == 0 ? new ModelServerOptionsResult(built, []) : new ModelServerOptionsResult(null, parser._errors);
    }

    private ModelServerOptions Build()
    {
        var host = Setting(_options.Host, "RIGHTSIZE_BIND_HOST");
        if (host.Value is not null && ParseHost(host.Value) is null)
        {
            _errors.Add($"{host.Source}: '{host.Value}' is not an IP address; use 127.0.0.1 (local only) or 0.0.0.0 (all interfaces)");
        }

        var timeout = Milliseconds(_options.InvocationTimeout, null, allowZero: false);
        return new ModelServerOptions
        {
            Host = host.Value ?? "127.0.0.1",
            Port = Port(),
            ModelDirectory = Setting(_options.ModelDirectory, null).Value ?? ModelServerOptions.DefaultModelDirectory,
            Format = Format(),
            Synthetic = !IsLlmSynthetic() && IsSynthetic() ? Synthetic() : null,
            LlmSynthetic = IsLlmSynthetic() ? LlmSyntheticOptionsParser.Parse(_environment, _errors) : null,
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
        var port = Setting(_options.Port, "SAGEMAKER_BIND_TO_PORT");
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

    /// <summary>--xgboost or --onnx (the container's Image) wins over the environment's mode.</summary>
    private bool FormatFlagGiven => _parse.GetValue(_options.Xgboost) || _parse.GetValue(_options.Onnx);

    private ModelFormat Format()
    {
        if (_parse.GetValue(_options.Xgboost) && _parse.GetValue(_options.Onnx))
        {
            _errors.Add("--xgboost and --onnx exclude each other; give the one that matches the model (builtin:xgboost or builtin:onnx)");
        }

        if (FormatFlagGiven && (_parse.GetValue(_options.Synthetic) || _parse.GetValue(_options.LlmSynthetic) || SyntheticFlagGiven))
        {
            _errors.Add($"{(_parse.GetValue(_options.Onnx) ? "--onnx" : "--xgboost")} serves a model file and the synthetic modes serve none; give one of them");
        }

        return _parse.GetValue(_options.Onnx) ? ModelFormat.Onnx
            : _parse.GetValue(_options.Xgboost) ? ModelFormat.Xgboost
            : _environment(ModeVariable) switch
            {
                "onnx" => ModelFormat.Onnx,
                "xgboost" => ModelFormat.Xgboost,
                _ => ModelFormat.Any,
            };
    }

    // Giving the capacity on the command line is enough to ask for synthetic mode.
    private bool SyntheticFlagGiven => _parse.GetValue(_options.Slots) is not null || _parse.GetValue(_options.ServiceTime) is not null;

    private bool IsSynthetic()
    {
        var mode = _environment(ModeVariable);
        if (mode is not (null or "" or "synthetic" or "xgboost" or "onnx" or LlmSyntheticOptionsParser.Mode))
        {
            _errors.Add($"{ModeVariable}: '{mode}' is not a mode; use synthetic, {LlmSyntheticOptionsParser.Mode}, xgboost or onnx");
        }

        return _parse.GetValue(_options.Synthetic)
            || SyntheticFlagGiven
            || (!FormatFlagGiven && (mode == "synthetic"
                || (mode is not ("xgboost" or "onnx") && !string.IsNullOrEmpty(_environment("RIGHTSIZE_SYNTHETIC_SLOTS")))));
    }

    private bool IsLlmSynthetic()
        => _parse.GetValue(_options.LlmSynthetic) || (!FormatFlagGiven && _environment(ModeVariable) == LlmSyntheticOptionsParser.Mode);

    private SyntheticOptions Synthetic()
    {
        var slots = Setting(_options.Slots, "RIGHTSIZE_SYNTHETIC_SLOTS");
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

        var serviceTime = Milliseconds(_options.ServiceTime, "RIGHTSIZE_SYNTHETIC_SERVICE_TIME_MS", allowZero: false);
        if (Setting(_options.ServiceTime, "RIGHTSIZE_SYNTHETIC_SERVICE_TIME_MS").Value is null)
        {
            _errors.Add("--service-time-ms: synthetic mode needs the service time of one request, e.g. --service-time-ms 20 or RIGHTSIZE_SYNTHETIC_SERVICE_TIME_MS=20 in the environment");
        }

        var jitter = Milliseconds(_options.Jitter, "RIGHTSIZE_SYNTHETIC_JITTER_MS", allowZero: true) ?? TimeSpan.Zero;
        if (serviceTime is { } t && jitter >= t)
        {
            _errors.Add($"--jitter-ms: {jitter.TotalMilliseconds} ms must be less than the service time ({t.TotalMilliseconds} ms)");
        }

        var stallEvery = Milliseconds(_options.StallEvery, "RIGHTSIZE_SYNTHETIC_STALL_EVERY_MS", allowZero: true) ?? TimeSpan.Zero;
        var stall = Milliseconds(_options.Stall, "RIGHTSIZE_SYNTHETIC_STALL_MS", allowZero: true) ?? TimeSpan.Zero;
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
            StartupDelay = Milliseconds(_options.StartupDelay, "RIGHTSIZE_SYNTHETIC_STARTUP_DELAY_MS", allowZero: true) ?? TimeSpan.Zero,
        };
    }

    private double ErrorRate()
    {
        var rate = Setting(_options.ErrorRate, "RIGHTSIZE_SYNTHETIC_ERROR_RATE");
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

    private TimeSpan? Milliseconds(Option<string?> option, string? variable, bool allowZero)
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
        _errors.Add($"{setting.Source}: '{setting.Value}' is not a duration; give milliseconds ({range}), e.g. {ServeOptions.Example(option.Name)}");
        return null;
    }

    private (string? Value, string Source) Setting(Option<string?> option, string? variable)
    {
        if (_parse.GetValue(option) is { } value)
        {
            return (value, option.Name);
        }

        var fromEnvironment = variable is null ? null : _environment(variable);
        return string.IsNullOrEmpty(fromEnvironment) ? (null, option.Name) : (fromEnvironment, variable!);
    }
}
