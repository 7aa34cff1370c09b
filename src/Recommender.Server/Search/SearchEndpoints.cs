using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Recommender.Core.ClickThrough;
using Recommender.Core.Engagement;
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

    /// <summary>A sort by an engagement signal orders at least this many best matches.</summary>
    const int SignalSortWindow = 500;

    public static IEndpointRouteBuilder MapSearch(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/search", Search)
            .WithSummary("Full-text search of a site's articles (title counts most), with the list filters.")
            .ProducesRequestProblems();
        return routes;
    }

    static async Task<Results<ListingResult, ProblemHttpResult>> Search(
        [AsParameters] SearchRequest request, HttpContext http, SiteDirectory sites, ArticleIndex index,
        EngagementSignals signals, ListingCache cache)
    {
        var errors = new RequestErrors();
        var site = request.ResolveSite(sites, errors);
        if (string.IsNullOrWhiteSpace(request.Q)) errors.Add("q", "is required");
        else if (request.Q.Length > MaxQueryLength) errors.Add("q", $"must be at most {MaxQueryLength} characters");
        var listing = site is null ? null : request.ToRecommendationRequest(request.Apikey!, site, errors);
        var q = request.Q?.Trim();
        var query = errors.Any ? null : ParseQuery(q!, site!.Language, errors);
        if (errors.Any) return errors.ToProblem();

        var key = ListingKey.For("search", listing!, [new("q", q)]);
        return await cache.AnswerAsync(http, site!, key, _ =>
        {
            var offset = (listing!.Page - 1) * listing.Limit;
            IEnumerable<SearchHit> hits;
            if (listing.SortBySignal is { } signal)
            {
                hits = index.Search(query, listing.Filter, 0, Math.Max(SignalSortWindow, offset + listing.Limit), listing.Sort).Hits
                    .OrderByDescending(h => signals.Signal(request.Apikey!, h.Article.Url, signal, EngagementWindow.LastDay))
                    .ThenByDescending(h => h.Score)
                    .Skip(offset)
                    .Take(listing.Limit);
            }
            else
            {
                hits = index.Search(query, listing.Filter, offset, listing.Limit, listing.Sort).Hits;
            }
            var reason = $"matches ‘{q}’";
            return ValueTask.FromResult(ArticleListing.From(RecommendationId.ForAnswer(key.Value, "search", null), hits.Select(h => new Recommendation(h.Article, h.Score, reason))));
        });
    }

    static Lucene.Net.Search.Query? ParseQuery(string q, string language, RequestErrors errors)
    {
        try
        {
            return ArticleIndex.ParseUserQuery(q, language);
        }
        catch (UserQueryTooCostlyException e)
        {
            errors.Add("q", e.Message);
            return null;
        }
    }
}

public sealed class SearchRequest : ListingRequest
{
    [FromQuery(Name = "q")] public string? Q { get; set; }
}
