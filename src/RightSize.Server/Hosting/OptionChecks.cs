using RightSize.Server.Security;

namespace RightSize.Server.Hosting;

/// <summary>Checks a server's options before anything starts; every error names the <c>rightsize serve</c> option to fix.</summary>
internal static class OptionChecks
{
    public static List<ValidationError> Check(ServerOptions options)
    {
        var errors = new List<ValidationError>(BindRules.Check(options.Urls, options.AccessKeys.Count > 0));
        if (options.MaxConcurrentJobs < 1)
        {
            errors.Add(new("--max-concurrent-jobs", $"{options.MaxConcurrentJobs} jobs cannot run: give at least 1"));
        }

        if (options.MaxQueuedJobs < 1)
        {
            errors.Add(new(nameof(ServerOptions.MaxQueuedJobs), $"{options.MaxQueuedJobs}: at least 1 job must be able to wait"));
        }

        if (options.MaxRequestBytes < 1024)
        {
            errors.Add(new(nameof(ServerOptions.MaxRequestBytes), $"{options.MaxRequestBytes} bytes cannot hold a request: give at least 1024"));
        }

        if (options.EndpointLogLines < 0)
        {
            errors.Add(new("--endpoint-log-lines", $"{options.EndpointLogLines} lines: give 0 (withhold endpoint logs) or more"));
        }

        if (options.OtlpEndpoint is { } otlp && (!otlp.IsAbsoluteUri || (otlp.Scheme != Uri.UriSchemeHttp && otlp.Scheme != Uri.UriSchemeHttps)))
        {
            errors.Add(new("--otlp-endpoint", $"'{ValidationError.Shorten(otlp.OriginalString)}' is not an http:// or https:// address such as http://127.0.0.1:4318 (from --otlp-endpoint, else OTEL_EXPORTER_OTLP_ENDPOINT)"));
        }

        errors.AddRange(options.AllowedRoots.Where(r => Path.TrimEndingDirectorySeparator(Path.GetFullPath(r, options.WorkingDirectory)) == "/")
            .Select(r => new ValidationError("--allowed-root", $"'{r}' is the filesystem root, which would let API callers read every file: name a folder")));
        return errors;
    }
}
