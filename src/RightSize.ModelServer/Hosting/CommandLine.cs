namespace RightSize.ModelServer.Hosting;

/// <summary>The raw options given on the command line: <c>--name value</c>, <c>--name=value</c> and bare flags.</summary>
internal sealed class CommandLine
{
    private static readonly HashSet<string> Flags = ["--synthetic", "--help", "-h"];

    private static readonly HashSet<string> ValueOptions = new(StringComparer.Ordinal)
    {
        "--port", "--host", "--model-dir", "--slots", "--service-time-ms", "--jitter-ms", "--error-rate",
        "--stall-every-ms", "--stall-ms", "--startup-delay-ms", "--invocation-timeout-ms",
    };

    private readonly Dictionary<string, string> _values;
    private readonly HashSet<string> _flags;

    private CommandLine(Dictionary<string, string> values, HashSet<string> flags)
    {
        _values = values;
        _flags = flags;
    }

    public bool HasFlag(string name) => _flags.Contains(name);

    public string? Value(string name) => _values.GetValueOrDefault(name);

    /// <summary>Splits arguments; <c>serve</c> (SageMaker's container argument) is accepted first or last.</summary>
    public static (CommandLine? CommandLine, string? Error) Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var flags = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "serve" && (i == 0 || i == args.Count - 1))
            {
                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = arg.StartsWith("--", StringComparison.Ordinal) && equals > 0 ? arg[..equals] : arg;
            if (Flags.Contains(name))
            {
                flags.Add(name);
            }
            else if (ValueOptions.Contains(name))
            {
                if (equals > 0)
                {
                    values[name] = arg[(equals + 1)..];
                }
                else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    values[name] = args[++i];
                }
                else
                {
                    return (null, $"{name} needs a value, e.g. {name} {Example(name)}");
                }
            }
            else if (arg.StartsWith('-'))
            {
                return (null, $"unknown option '{arg}'; run with --help to list the options");
            }
            else
            {
                return (null, $"unexpected argument '{arg}'; the only argument allowed is 'serve' (first or last)");
            }
        }

        return (new CommandLine(values, flags), null);
    }

    public static string Example(string name) => name switch
    {
        "--port" => "8080",
        "--host" => "0.0.0.0",
        "--model-dir" => "/opt/ml/model",
        "--slots" => "4",
        "--error-rate" => "0.01",
        _ => "20",
    };
}
