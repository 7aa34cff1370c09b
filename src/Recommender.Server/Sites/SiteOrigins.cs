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
    // Built once, not per request: the policy for requests that name no site reads the current sites when asked,
    // and a site's is kept per site options instance, which a configuration reload replaces rather than changes.
    readonly CorsPolicy _anySite = Policy(sites.AnyAllowsOrigin);
    readonly System.Runtime.CompilerServices.ConditionalWeakTable<Core.Sites.SiteOptions, CorsPolicy> _perSite = new();

    public Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName)
    {
        var apikey = context.Request.Query["apikey"].ToString();
        if (apikey.Length == 0) return Task.FromResult<CorsPolicy?>(_anySite);
        if (sites.Find(apikey) is not { } site) return Task.FromResult<CorsPolicy?>(null);
        return Task.FromResult<CorsPolicy?>(_perSite.GetValue(site, static s => Policy(s.AllowsOrigin)));
    }

    static CorsPolicy Policy(Func<string, bool> allowed) => new CorsPolicyBuilder()
        .SetIsOriginAllowed(allowed)
        .WithHeaders("Content-Type")
        .WithMethods("GET", "POST")
        .SetPreflightMaxAge(TimeSpan.FromHours(1))
        .Build();
}
