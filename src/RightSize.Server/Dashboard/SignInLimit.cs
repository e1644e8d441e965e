using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using RightSize.Server.Api;

namespace RightSize.Server.Dashboard;

/// <summary>
/// Sign-in attempts per client address: <see cref="Attempts"/> in each <see cref="Window"/> (ASP.NET's fixed-window rate
/// limiter), then 429 with Retry-After until the window ends, so a key's secret cannot be guessed at loopback speed.
/// </summary>
internal static class SignInLimit
{
    public const string Policy = "sign-in";
    public const int Attempts = 10;
    public static readonly TimeSpan Window = TimeSpan.FromMinutes(5);

    public static IServiceCollection AddSignInLimit(this IServiceCollection services) => services.AddRateLimiter(options =>
    {
        options.AddPolicy(Policy, context => RateLimitPartition.GetFixedWindowLimiter(
            context.Connection.RemoteIpAddress?.ToString() ?? string.Empty,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = Attempts, Window = Window, QueueLimit = 0 }));
        options.OnRejected = async (context, ct) =>
        {
            var response = ApiResponse.Error(
                "ThrottlingException",
                $"more than {Attempts} sign-in attempts from this address in {Window.TotalMinutes:0} minutes; wait and retry",
                StatusCodes.Status429TooManyRequests);
            var http = context.HttpContext.Response;
            http.StatusCode = response.StatusCode;
            http.Headers.RetryAfter = ((int)Window.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture);
            http.ContentType = "application/json";
            await http.WriteAsync(response.Json, Encoding.UTF8, ct);
        };
    });
}
