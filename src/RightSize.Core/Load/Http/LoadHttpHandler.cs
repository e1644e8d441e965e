using System.Net;

namespace RightSize.Load.Http;

/// <summary>The HttpClient handler of every RightSize load generator: it measures the URL it is given as it answers.</summary>
public static class LoadHttpHandler
{
    public static SocketsHttpHandler Create() => new()
    {
        UseProxy = false,
        AutomaticDecompression = DecompressionMethods.None,
        // A load generator measures the URL it is given; following redirects would hide them.
        AllowAutoRedirect = false,
        UseCookies = false,
        MaxConnectionsPerServer = int.MaxValue,
        PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
        PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
    };
}
