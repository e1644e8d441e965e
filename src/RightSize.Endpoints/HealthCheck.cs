using System.Net;
using System.Text;

namespace RightSize.Endpoints;

/// <summary>SageMaker's readiness rule: GET /ping answers 200 (each ping may take 2 s), then one invocation succeeds.</summary>
internal static class HealthCheck
{
    private static readonly TimeSpan PingTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PingInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Null when healthy before the deadline, else what was last seen.</summary>
    public static async Task<string?> WaitUntilHealthyAsync(
        HttpClient http,
        Uri baseUrl,
        TimeSpan deadline,
        Func<bool> hasExited,
        TimeProvider time,
        CancellationToken cancellationToken)
    {
        var start = time.GetTimestamp();
        var last = "no answer yet";
        while (time.GetElapsedTime(start) < deadline)
        {
            if (hasExited())
            {
                return "the endpoint exited before answering /ping";
            }

            using var ping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            ping.CancelAfter(PingTimeout);
            try
            {
                using var response = await http.GetAsync(new Uri(baseUrl, "ping"), ping.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return null;
                }

                last = $"/ping answered {(int)response.StatusCode}";
            }
            catch (Exception e) when (e is HttpRequestException or IOException || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
            {
                last = e is OperationCanceledException ? "/ping took longer than 2 s" : $"/ping failed: {e.Message}";
            }

            await Task.Delay(PingInterval, time, cancellationToken);
        }

        return $"not healthy within {deadline.TotalSeconds:0} s ({last})";
    }

    /// <summary>
    /// One invocation with the first sample payload: null when it succeeds, else the status and body start. An endpoint
    /// that hosts inference components is invoked as its requests will be, naming one (<paramref name="inferenceComponent"/>).
    /// </summary>
    public static async Task<string?> FirstInvocationAsync(
        HttpClient http, Uri invocationsUrl, Load.Payload payload, string? inferenceComponent, CancellationToken cancellationToken)
    {
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, invocationsUrl) { Content = new ReadOnlyMemoryContent(payload.Body) };
            request.Content.Headers.ContentType = System.Net.Http.Headers.MediaTypeHeaderValue.Parse(payload.ContentType);
            if (inferenceComponent is not null)
            {
                request.Headers.Add(Generative.StreamClient.InferenceComponentHeader, inferenceComponent);
            }

            using var response = await http.SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                return null;
            }

            var body = await response.Content.ReadAsStringAsync(cancellationToken);
            return $"the first invocation answered {(int)response.StatusCode}: {Truncate(body, 300)}";
        }
        catch (HttpRequestException e)
        {
            return $"the first invocation failed: {e.Message}";
        }
    }

    private static string Truncate(string text, int max)
    {
        var oneLine = new StringBuilder(text).Replace('\n', ' ').Replace('\r', ' ').ToString().Trim();
        return oneLine.Length <= max ? oneLine : oneLine[..max] + "...";
    }
}
