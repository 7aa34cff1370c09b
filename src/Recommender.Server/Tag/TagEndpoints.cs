using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace Recommender.Server.Tag;

/// <summary><c>GET /tag.js</c>: the script publishers add to their pages, cacheable and revalidated by ETag.</summary>
public static class TagEndpoints
{
    const string ResourceName = "Recommender.Server.Tag.tag.js";

    public static IEndpointRouteBuilder MapTag(this IEndpointRouteBuilder routes)
    {
        using var resource = typeof(TagEndpoints).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The resource {ResourceName} is missing from the build.");
        var script = new byte[resource.Length];
        resource.ReadExactly(script);
        var etag = new EntityTagHeaderValue($"\"{Convert.ToHexStringLower(SHA256.HashData(script))[..16]}\"");

        routes.MapGet("/tag.js", (HttpRequest request, HttpResponse response) =>
            {
                response.Headers.CacheControl = "public, max-age=3600";
                response.Headers.ETag = etag.ToString();
                return request.GetTypedHeaders().IfNoneMatch.Any(tag => tag.Compare(etag, useStrongComparison: false))
                    ? Results.StatusCode(StatusCodes.Status304NotModified)
                    : Results.Bytes(script, "text/javascript; charset=utf-8");
            })
            .WithSummary("The JavaScript tag: pageviews, engaged-time heartbeats, related boxes.");
        return routes;
    }
}
