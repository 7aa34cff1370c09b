using Microsoft.AspNetCore.Cors.Infrastructure;

namespace Recommender.Server.Sites;

/// <summary>
/// CORS for the publishers' pages: a browser may call the server from any origin whose host is an
/// allowed host of a configured or registered site (the tag posts events, the related box reads /related).
/// </summary>
public sealed class SiteOrigins : ICorsPolicyProvider
{
    readonly CorsPolicy policy;

    public SiteOrigins(SiteDirectory sites) =>
        policy = new CorsPolicyBuilder()
            .SetIsOriginAllowed(origin => Uri.TryCreate(origin, UriKind.Absolute, out var uri) && sites.AnyAllowsHost(uri.Host))
            .AllowAnyHeader()
            .WithMethods("GET", "POST")
            .SetPreflightMaxAge(TimeSpan.FromHours(1))
            .Build();

    public Task<CorsPolicy?> GetPolicyAsync(HttpContext context, string? policyName) => Task.FromResult<CorsPolicy?>(policy);
}
