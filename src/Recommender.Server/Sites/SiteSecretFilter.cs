using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;
using Recommender.Core.Sites;

namespace Recommender.Server.Sites;

/// <summary>
/// Calls for a site's backend only: reader data, engagement and admin calls answer when the request carries
/// the site's secret key as <c>Authorization: Bearer …</c>; 401 without it, 403 with a wrong one or for a site
/// that has none. A missing or unknown apikey is left to the handler, which names it (400, 404).
/// </summary>
public static class SiteSecretFilter
{
    const string Scheme = "Bearer ";

    public static TBuilder RequireSiteSecret<TBuilder>(this TBuilder endpoints) where TBuilder : IEndpointConventionBuilder
    {
        endpoints.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var apikey = http.Request.Query["apikey"].ToString();
            if (http.RequestServices.GetRequiredService<SiteDirectory>().Find(apikey) is not { } site) return await next(context);

            return SiteSecret.Check(site, BearerToken(http.Request)) switch
            {
                SecretCheck.Valid => await next(context),
                SecretCheck.Missing => Unauthorized(http),
                SecretCheck.Wrong => Forbidden("The secret key is not this site's."),
                _ => Forbidden($"Site '{apikey}' has no secret key: set Sites:{apikey}:Secret, or run `recommender admin new-secret --site {apikey}` on its data folder."),
            };
        });
        string[] problemJson = ["application/problem+json"];
        return endpoints.WithMetadata(
            new ProducesResponseTypeMetadata(StatusCodes.Status401Unauthorized, typeof(ProblemDetails), problemJson),
            new ProducesResponseTypeMetadata(StatusCodes.Status403Forbidden, typeof(ProblemDetails), problemJson));
    }

    static string? BearerToken(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        return header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? header[Scheme.Length..].Trim() : null;
    }

    static IResult Unauthorized(HttpContext http)
    {
        http.Response.Headers[HeaderNames.WWWAuthenticate] = "Bearer";
        return TypedResults.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "The site's secret key is required.",
            detail: "Send the site's secret key as 'Authorization: Bearer <secret>'; the apikey alone is public.");
    }

    static IResult Forbidden(string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: "Not allowed.", detail: detail);
}
