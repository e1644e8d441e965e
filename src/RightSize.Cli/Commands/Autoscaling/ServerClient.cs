using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using RightSize.Jobs;
using RightSize.Server;
using RightSize.Server.Security;

namespace RightSize.Cli.Commands.Autoscaling;

/// <summary>
/// Where a running <c>rightsize serve</c> is and how to sign for it, found as the aws CLI finds them: the endpoint URL
/// from the option, else AWS_ENDPOINT_URL_SAGEMAKER, else AWS_ENDPOINT_URL, else the profile's endpoint_url, else the
/// server's default address; a key from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, else from the profile (unsigned
/// without); the region from AWS_REGION, AWS_DEFAULT_REGION, then the profile. The profile is AWS_PROFILE's or
/// <c>default</c>, from the shared files (<see cref="AwsSharedConfig"/>).
/// </summary>
internal sealed record ServerConnection
{
    public const string Option = "--endpoint-url";

    public required Uri Endpoint { get; init; }

    public AccessKey? Key { get; init; }

    public string Region { get; init; } = "us-east-1";

    public static Result<ServerConnection> Resolve(string? endpointUrl, Func<string, string?> environment)
    {
        string? Variable(string name) => environment(name) is { Length: > 0 } value ? value : null;
        var shared = AwsSharedConfig.Load(environment);
        if (shared.Value is not { } profile)
        {
            return Result<ServerConnection>.Failure(shared.Errors);
        }

        string? Setting(string key) => profile[key] is { Length: > 0 } value ? value : null;
        var url = endpointUrl ?? Variable("AWS_ENDPOINT_URL_SAGEMAKER") ?? Variable("AWS_ENDPOINT_URL") ?? Setting("endpoint_url") ?? ServerOptions.DefaultUrl;
        if (!Uri.TryCreate(url, UriKind.Absolute, out var endpoint) || endpoint.Scheme is not ("http" or "https"))
        {
            return Result<ServerConnection>.Failure(Option, $"'{url}' is not an http:// or https:// URL (the `rightsize serve` address, e.g. {ServerOptions.DefaultUrl})");
        }

        var key = (Variable("AWS_ACCESS_KEY_ID"), Variable("AWS_SECRET_ACCESS_KEY")) is ({ } id, { } secret)
            ? new AccessKey(id, secret)
            : (Setting("aws_access_key_id"), Setting("aws_secret_access_key")) is ({ } profileId, { } profileSecret)
                ? new AccessKey(profileId, profileSecret)
                : null;
        return Result<ServerConnection>.Success(new ServerConnection
        {
            Endpoint = endpoint,
            Key = key,
            Region = Variable("AWS_REGION") ?? Variable("AWS_DEFAULT_REGION") ?? Setting("region") ?? "us-east-1",
        });
    }
}

/// <summary>
/// Calls to a RightSize server: SageMaker operations (JSON 1.1) and the read API, signed when a key is known. Errors
/// come back as results that say what to do, never as exceptions.
/// </summary>
internal sealed class ServerClient(ServerConnection connection, TimeProvider time) : IDisposable
{
    private readonly HttpClient _http = new(connection.Key is { } key ? new SigV4SigningHandler(key, connection.Region, time) : new HttpClientHandler())
    {
        BaseAddress = connection.Endpoint,
        Timeout = TimeSpan.FromSeconds(30),
    };

    public async Task<Result<TResponse>> CallAsync<TRequest, TResponse>(
        string operation, TRequest request, JsonTypeInfo<TRequest> requestType, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
        where TResponse : class
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, "/")
        {
            Content = new StringContent(JsonSerializer.Serialize(request, requestType), Encoding.UTF8),
        };
        message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/x-amz-json-1.1");
        message.Headers.Add("X-Amz-Target", "SageMaker." + operation);
        return await SendAsync(message, operation, responseType, cancellationToken);
    }

    public async Task<Result<TResponse>> GetAsync<TResponse>(string path, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
        where TResponse : class
    {
        using var message = new HttpRequestMessage(HttpMethod.Get, path);
        return await SendAsync(message, "GET " + path, responseType, cancellationToken);
    }

    public void Dispose() => _http.Dispose();

    private async Task<Result<TResponse>> SendAsync<TResponse>(HttpRequestMessage message, string what, JsonTypeInfo<TResponse> responseType, CancellationToken cancellationToken)
        where TResponse : class
    {
        string body;
        HttpResponseMessage response;
        try
        {
            response = await _http.SendAsync(message, cancellationToken);
            body = await response.Content.ReadAsStringAsync(cancellationToken);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return Result<TResponse>.Failure(ServerConnection.Option, $"cannot reach {connection.Endpoint} ({e.Message}); is `rightsize serve` running there?");
        }

        using (response)
        {
            if (!response.IsSuccessStatusCode)
            {
                return Result<TResponse>.Failure(ServerConnection.Option, $"{what}: {ErrorText(response, body)}");
            }

            try
            {
                return JsonSerializer.Deserialize(body, responseType) is { } value
                    ? Result<TResponse>.Success(value)
                    : Result<TResponse>.Failure(ServerConnection.Option, $"{what}: the answer was empty");
            }
            catch (JsonException e)
            {
                return Result<TResponse>.Failure(ServerConnection.Option, $"{what}: {connection.Endpoint} did not answer as a RightSize server ({e.Message})");
            }
        }
    }

    private string ErrorText(HttpResponseMessage response, string body)
    {
        AwsErrorResponse? error = null;
        try
        {
            error = JsonSerializer.Deserialize(body, SageMakerJsonContext.Default.AwsErrorResponse);
        }
        catch (JsonException)
        {
            // Not an AWS error body (another server on that port?): the status says enough.
        }

        var text = error is null ? $"HTTP {(int)response.StatusCode} from {connection.Endpoint}" : $"{error.Type}: {error.Message}";
        return response.StatusCode == System.Net.HttpStatusCode.Forbidden
            ? text + " (set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or the profile's keys in ~/.aws/credentials, to a key the server was started with)"
            : text;
    }
}
