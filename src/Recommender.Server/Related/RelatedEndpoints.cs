using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Recommender.Core.Profiles;
using Recommender.Core.Recommendations;
using Recommender.Server.Crawling;
using Recommender.Server.Requests;
using Recommender.Server.Sites;

namespace Recommender.Server.Related;

public static class RelatedEndpoints
{
    public static IEndpointRouteBuilder MapRelated(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/related", GetRelated)
            .WithSummary("Articles related to a page (url), personalised for a reader (uuid), or both.")
            .ProducesRequestProblems();
        return routes;
    }

    static async Task<Results<Ok<ArticleListing>, ProblemHttpResult>> GetRelated(
        [AsParameters] RelatedRequest request, SiteDirectory sites, RelatedArticles related, IProfileStore profiles,
        UnknownPageCrawler crawler, TimeProvider clock, CancellationToken cancel)
    {
        var errors = new RequestErrors();
        var site = request.ResolveSite(sites, errors);
        var url = SiteRequest.CheckUrl(request.Url, site, "url", errors);
        var uuid = SiteRequest.CheckUuid(request.Uuid, errors);
        if (site is not null && url is null && uuid is null && !errors.Any) errors.Add("url", "url or uuid is required");
        var recommendation = site is null ? null : request.ToRecommendationRequest(request.Apikey!, site, errors);
        if (recommendation is not null && request.ParseStories(errors) is { } collapse) recommendation = recommendation with { CollapseStories = collapse };
        if (errors.Any) return errors.ToProblem();

        IReadOnlyList<Recommendation>? answer;
        if (uuid is not null)
        {
            var history = await profiles.GetAsync(request.Apikey!, uuid, int.MaxValue, cancel);
            if (url is not null)
                history = [new ProfileEntry(url, clock.GetUtcNow(), 1), .. history.Where(h => h.Url != url)];
            answer = related.ForReader(history, recommendation!);
        }
        else
        {
            answer = related.ForArticle(url!, recommendation!);
        }

        if (url is not null) crawler.CrawlIfUnknown(request.Apikey!, url);
        return TypedResults.Ok(ArticleListing.From(answer ?? related.Recent(recommendation!)));
    }
}

public sealed class RelatedRequest : ListingRequest
{
    [FromQuery(Name = "url")] public string? Url { get; set; }
    [FromQuery(Name = "uuid")] public string? Uuid { get; set; }

    /// <summary><c>best</c> lists one article per story, <c>all</c> every article of it; unset, the site decides.</summary>
    [FromQuery(Name = "stories")] public string? Stories { get; set; }

    /// <summary>Whether to collapse stories, when the request says.</summary>
    public bool? ParseStories(RequestErrors errors)
    {
        switch (Stories?.Trim().ToLowerInvariant())
        {
            case null or "": return null;
            case "best": return true;
            case "all": return false;
            default:
                errors.Add("stories", "must be best or all");
                return null;
        }
    }
}
