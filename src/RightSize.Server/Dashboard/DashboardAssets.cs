using System.Collections.Frozen;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;

namespace RightSize.Server.Dashboard;

/// <summary>
/// The dashboard's pages, scripts and styles, embedded in the server's assembly (<c>Dashboard/wwwroot</c>), so the
/// binary serves them offline with nothing to install. The page refers to them under <c>/assets/VERSION/</c>, VERSION a
/// hash of every asset, and those answers are cached as immutable: a warm load revalidates the page alone (by ETag), not
/// each module, and a new build has a new VERSION. Relative imports between the modules keep the version.
/// </summary>
internal sealed class DashboardAssets
{
    private const string Prefix = "dashboard/";

    private static readonly Dictionary<string, string> ContentTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        [".html"] = "text/html; charset=utf-8",
        [".js"] = "text/javascript; charset=utf-8",
        [".css"] = "text/css; charset=utf-8",
        [".svg"] = "image/svg+xml",
    };

    private readonly FrozenDictionary<string, Asset> _assets;

    public DashboardAssets()
    {
        var assembly = typeof(DashboardAssets).Assembly;
        var assets = new Dictionary<string, Asset>(StringComparer.Ordinal);
        foreach (var name in assembly.GetManifestResourceNames().Where(n => n.StartsWith(Prefix, StringComparison.Ordinal)))
        {
            using var stream = assembly.GetManifestResourceStream(name)!;
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            var bytes = copy.ToArray();
            var type = ContentTypes.GetValueOrDefault(Path.GetExtension(name), "application/octet-stream");
            assets[name[Prefix.Length..]] = new Asset(bytes, type, $"\"{Convert.ToHexString(SHA256.HashData(bytes))[..16]}\"");
        }

        Version = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(string.Join(",", assets.OrderBy(a => a.Key, StringComparer.Ordinal).Select(a => a.Key + a.Value.ETag)))))[..12].ToLowerInvariant();
        if (assets.TryGetValue(Page, out var page))
        {
            var bytes = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(page.Bytes).Replace("\"/assets/", $"\"/assets/{Version}/", StringComparison.Ordinal));
            assets[Page] = page with { Bytes = bytes, ETag = $"\"{Convert.ToHexString(SHA256.HashData(bytes))[..16]}\"" };
        }

        _assets = assets.ToFrozenDictionary(StringComparer.Ordinal);
    }

    public const string Page = "index.html";

    /// <summary>The assets' version in the page's URLs.</summary>
    public string Version { get; }

    public IEnumerable<string> Names => _assets.Keys;

    /// <summary>Writes the asset, 304 when the browser has it, 404 when there is none of that name.</summary>
    public async Task ServeAsync(HttpContext context, string name)
    {
        var immutable = name.StartsWith(Version + "/", StringComparison.Ordinal);
        if (!_assets.TryGetValue(immutable ? name[(Version.Length + 1)..] : name, out var asset))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return;
        }

        context.Response.Headers.ETag = asset.ETag;
        context.Response.Headers.CacheControl = immutable ? "public, max-age=31536000, immutable" : "no-cache";
        if (context.Request.Headers.IfNoneMatch == asset.ETag)
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        context.Response.ContentType = asset.ContentType;
        context.Response.ContentLength = asset.Bytes.Length;
        await context.Response.Body.WriteAsync(asset.Bytes, context.RequestAborted);
    }

    private sealed record Asset(byte[] Bytes, string ContentType, string ETag);
}
