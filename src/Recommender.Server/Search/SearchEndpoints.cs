using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Recommender.Core.Indexing;
using Recommender.Core.Recommendations;
using Recommender.Server.Caching;
using Recommender.Server.Related;
using Recommender.Server.Requests;
using Recommender.Server.Sites;

namespace Recommender.Server.Search;

public static class SearchEndpoints
{
    const int MaxQueryLength = 500;

    public static IEndpointRouteBuilder MapSearch(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/search", Search)
            .WithSummary("Full-text search of a site's articles (title counts most), with the list filters.")
            .ProducesRequestProblems();
        return routes;
    }

    static async Task<Results<ListingResult, ProblemHttpResult>> Search(
        [AsParameters] SearchRequest request, HttpContext http, SiteDirectory sites, ArticleIndex index, ListingCache cache)
    {
        var errors = new RequestErrors();
        var site = request.ResolveSite(sites, errors);
        if (string.IsNullOrWhiteSpace(request.Q)) errors.Add("q", "is required");
        else if (request.Q.Length > MaxQueryLength) errors.Add("q", $"must be at most {MaxQueryLength} characters");
        var listing = site is null ? null : request.ToRecommendationRequest(request.Apikey!, site, errors);
        if (errors.Any) return errors.ToProblem();

        var q = request.Q!.Trim();
        return await cache.AnswerAsync(http, site!, ListingKey.For("search", listing!, [new("q", q)]), _ =>
        {
            var page = index.Search(ArticleIndex.ParseUserQuery(q, null), listing!.Filter,
                (listing.Page - 1) * listing.Limit, listing.Limit, listing.Sort);
            var reason = $"matches ‘{q}’";
            return ValueTask.FromResult(ArticleListing.From(page.Hits.Select(h => new Recommendation(h.Article, h.Score, reason))));
        });
    }
}

public sealed class SearchRequest : ListingRequest
{
    [FromQuery(Name = "q")] public string? Q { get; set; }
}
