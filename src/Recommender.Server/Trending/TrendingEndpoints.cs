using Microsoft.AspNetCore.Http.HttpResults;
using Recommender.Core.ClickThrough;
using Recommender.Core.Recommendations;
using Recommender.Server.Caching;
using Recommender.Server.Related;
using Recommender.Server.Requests;
using Recommender.Server.Sites;

namespace Recommender.Server.Trending;

/// <summary><c>GET /trending</c>: the site's articles whose views rise in the last hour against the last day.</summary>
public static class TrendingEndpoints
{
    public static IEndpointRouteBuilder MapTrending(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/trending", Get)
            .WithSummary("The site's indexed articles with rising views in the last hour against the last day, with the list filters.")
            .ProducesRequestProblems();
        return routes;
    }

    static async Task<Results<ListingResult, ProblemHttpResult>> Get(
        [AsParameters] ListingRequest request, HttpContext http, SiteDirectory sites, RelatedArticles related, ListingCache cache)
    {
        var errors = new RequestErrors();
        var site = request.ResolveSite(sites, errors);
        var listing = site is null ? null : request.ToRecommendationRequest(request.Apikey!, site, errors);
        if (errors.Any) return errors.ToProblem();

        var key = ListingKey.For("trending", listing!, []);
        return await cache.AnswerAsync(http, site!, key, _ =>
            ValueTask.FromResult(ArticleListing.From(RecommendationId.ForAnswer(key.Value, "trending", null), related.Trending(listing!))));
    }
}
