using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Recommender.Server.Sites;

/// <summary>
/// CORS for the publishers' pages: a browser page may read an answer only when the request names a site
/// (<c>apikey</c>) and the page's origin is exactly one of that site's origins (scheme, host and port;
/// <c>https://</c> and each allowed host unless the site lists its <c>Origins</c>). So other.example cannot
/// read bbc-news.example's answers with bbc-news.example's apikey, and neither can an http page of an allowed host.
/// The tag's events need no CORS: beacons are sent without reading the answer.
/// </summary>
public sealed class SiteOrigins(SiteDirectory sites) : ICorsPolicyProvider
{
    public Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        var apikey = context.Request.Query["apikey"].ToString();
        if (apikey.Length == 0 || sites.Find(apikey) is not { } site) return Task.FromResult<CorsPolicy?>(null);
        return Task.FromResult<CorsPolicy?>(new CorsPolicyBuilder()
            .SetIsOriginAllowed(site.AllowsOrigin)
            .WithHeaders("Content-Type")
            .WithMethods("GET", "POST")
            .SetPreflightMaxAge(TimeSpan.FromHours(1))
            .Build());
    }
}
