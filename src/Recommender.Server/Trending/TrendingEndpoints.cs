using Lucene.Net.Queries;
using Lucene.Net.Search;
using Lucene.Net.Util;
using Microsoft.AspNetCore.Http.HttpResults;
using Recommender.Core.Engagement;
using Recommender.Core.Indexing;
using Recommender.Core.Recommendations;
using Recommender.Server.Caching;
using Recommender.Server.Related;
using Recommender.Server.Requests;
using Recommender.Server.Sites;

namespace Recommender.Server.Trending;

/// <summary><c>GET /trending</c>: the site's articles whose views rise in the last hour against the last day.</summary>
public static class TrendingEndpoints
{
    /// <summary>The most rising pages looked up in the index; the filters and paging choose among them.</summary>
    const int Candidates = 300;

    public static IEndpointRouteBuilder MapTrending(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/trending", Get)
            .WithSummary("The site's indexed articles with rising views in the last hour against the last day, with the list filters.")
            .ProducesRequestProblems();
        return routes;
    }

    static async Task<Results<ListingResult, ProblemHttpResult>> Get(
        [AsParameters] ListingRequest request, HttpContext http, SiteDirectory sites, EngagementSignals signals, ArticleIndex index,
        ListingCache cache)
    {
        var errors = new RequestErrors();
        var site = request.ResolveSite(sites, errors);
        var listing = site is null ? null : request.ToRecommendationRequest(request.Apikey!, site, errors);
        if (errors.Any) return errors.ToProblem();

        return await cache.AnswerAsync(http, site!, ListingKey.For("trending", listing!, []), _ =>
            ValueTask.FromResult(Rising(request.Apikey!, listing!, signals, index)));
    }

    static ArticleListing Rising(string apikey, RecommendationRequest listing, EngagementSignals signals, ArticleIndex index)
    {
        var trending = signals.Trending(apikey, Candidates).ToDictionary(t => t.Url);
        if (trending.Count == 0) return new ArticleListing([]);
        var onlyTrending = new ConstantScoreQuery(new TermsFilter(ArticleFields.Url, [.. trending.Keys.Select(url => new BytesRef(url))]));
        var found = index.Search(onlyTrending, listing.Filter, 0, trending.Count, ArticleSort.Score).Hits;
        var page = found
            .OrderByDescending(hit => trending[hit.Article.Url].Score)
            .ThenBy(hit => hit.Article.Url, StringComparer.Ordinal)
            .Skip((listing.Page - 1) * listing.Limit)
            .Take(listing.Limit)
            .Select(hit => new Recommendation(hit.Article, trending[hit.Article.Url].Score, "trending"));
        return ArticleListing.From(page);
    }
}
