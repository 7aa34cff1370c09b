using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Recommender.Server.Sites;

/// <summary>
/// CORS for the publishers' pages: a browser page may read an answer only when the request names a site
/// (<c>apikey</c>) and the page's origin is exactly one of that site's origins (scheme, host and port;
/// <c>https://</c> and each allowed host unless the site lists its <c>Origins</c>). So other.example cannot
/// read bbc-news.example's answers with bbc-news.example's apikey, and neither can an http page of an allowed host.
/// A request that names no site in its query (<c>POST /events</c>, whose apikeys are in the body, and answers only counts)
/// may come from any site's origins.
/// </summary>
public sealed class SiteOrigins(SiteDirectory sites) : ICorsPolicyProvider
{
    public Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        var apikey = context.Request.Query["apikey"].ToString();
        Func<string, bool> allowed;
        if (apikey.Length == 0) allowed = sites.AnyAllowsOrigin;
        else if (sites.Find(apikey) is { } site) allowed = site.AllowsOrigin;
        else return Task.FromResult<CorsPolicy?>(null);
        return Task.FromResult<CorsPolicy?>(new CorsPolicyBuilder()
            .SetIsOriginAllowed(allowed)
            .WithHeaders("Content-Type")
            .WithMethods("GET", "POST")
            .SetPreflightMaxAge(TimeSpan.FromHours(1))
            .Build());
    }
}
