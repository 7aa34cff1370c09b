using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Recommender.Core.ClickThrough;
using Recommender.Core.Experiments;
using Recommender.Core.Indexing;
using Recommender.Core.Profiles;
using Recommender.Core.Recommendations;
using Recommender.Core.Sites;
using Recommender.Server.Caching;
using Recommender.Server.Crawling;
using Recommender.Server.Requests;
using Recommender.Server.Sites;

namespace Recommender.Server.Related;

public static class RelatedEndpoints
{
    public static IEndpointRouteBuilder MapRelated(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/related", GetRelated)
            .WithSummary("Articles related to a page (url), personalised for a reader (uuid), or both; or, by strategy, the site's trending or popular ones.")
            .ProducesRequestProblems();
        return routes;
    }

    static async Task<Results<ListingResult, ProblemHttpResult>> GetRelated(
        [AsParameters] RelatedRequest request, HttpContext http, SiteDirectory sites, RelatedArticles related, IProfileStore profiles,
        ArticleIndex index, UnknownPageCrawler crawler, ListingCache cache, RedisErrors redisErrors, CancellationToken cancel)
    {
        var errors = new RequestErrors();
        var site = request.ResolveSite(sites, errors);
        var url = SiteRequest.CheckUrl(request.Url, site, "url", errors);
        var uuid = SiteRequest.CheckUuid(request.Uuid, errors);
        var nothingToStartFrom = site is not null && url is null && uuid is null && !errors.Any;
        // A named reader of a site running an experiment gets their arm's defaults; the request's own parameters win.
        var arm = site is null || uuid is null ? null : SiteExperiment.Assign(site.Experiments, uuid);
        var recommendation = site is null ? null : request.ToRelatedRequest(request.Apikey!, site, arm, errors);
        if (nothingToStartFrom && recommendation!.Strategy == RecommendationStrategy.Related) errors.Add("url", "url or uuid is required");
        if (errors.Any) return errors.ToProblem();

        var apikey = request.Apikey!;
        // The whole profile at once, though an answer kept in the cache needs only its version: one read where the
        // version and then the entries took two, and a reader's answers seldom serve twice (each training changes the key).
        var profile = uuid is null ? null : await UnlessUnavailable(profiles.ReadAsync(apikey, uuid, int.MaxValue, cancel), Profile.None, "profile", redisErrors);
        // A page not indexed yet adds nothing to the answer, so its answer is keyed without it: one per site and
        // request rather than one per URL (junk URLs of an allowed host grew the process by 827 MiB in 40 s), and
        // the page's own answer shows as soon as it is indexed.
        var page = url is not null && index.Contains(apikey, url) ? url : null;
        if (url is not null && page is null) crawler.CrawlIfUnknown(apikey, url);
        var key = ListingKey.For("related", recommendation!, [new("url", page), new("indexed", page is null ? "no" : "yes")],
            uuid is null ? null : (uuid, profile!.Version));
        return await cache.AnswerAsync(http, site!, key, _ => ValueTask.FromResult(ArticleListing.From(
            RecommendationId.ForAnswer(key.Value, recommendation!.Strategy.ToString().ToLowerInvariant(), recommendation.Arm),
            related.Answer(recommendation, page, profile?.Entries))));
    }

    /// <summary>
    /// What the profile store answers, or <paramref name="fallback"/> (as for a reader without a profile) while it is
    /// unreachable.
    /// </summary>
    internal static async Task<T> UnlessUnavailable<T>(Task<T> call, T fallback, string operation, RedisErrors redisErrors)
    {
        try
        {
            return await call;
        }
        catch (ProfileStoreUnavailableException e)
        {
            redisErrors.Record(operation, e);
            return fallback;
        }
    }
}

public sealed class RelatedRequest : ListingRequest
{
    static readonly Dictionary<string, RecommendationStrategy> StrategyNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["related"] = RecommendationStrategy.Related,
        ["trending"] = RecommendationStrategy.Trending,
        ["popular"] = RecommendationStrategy.Popular,
    };

    [FromQuery(Name = "url")] public string? Url { get; set; }
    [FromQuery(Name = "uuid")] public string? Uuid { get; set; }

    /// <summary><c>best</c> lists one article per story, <c>all</c> every article of it; unset, the site decides.</summary>
    [FromQuery(Name = "stories")] public string? Stories { get; set; }

    /// <summary><c>related</c> (the default), <c>trending</c> or <c>popular</c>.</summary>
    [FromQuery(Name = "strategy")] public string? Strategy { get; set; }

    /// <summary>From 0 to 1, the share of relevance against views in the ranking; unset, the site decides.</summary>
    [FromQuery(Name = "alpha")] public string? Alpha { get; set; }

    /// <summary>From 0 to 1, the share of meaning (article vectors) against lexical relevance; unset, the site decides (0 where its semantic layer is off).</summary>
    [FromQuery(Name = "semantic")] public string? Semantic { get; set; }

    /// <summary>
    /// The request as the recommender takes it: the list parameters with this endpoint's own, over the defaults of the
    /// reader's experiment arm, if any, over the site's.
    /// </summary>
    public RecommendationRequest ToRelatedRequest(string apikey, SiteOptions site, (ArmLabel Label, ExperimentArm Arm)? arm, RequestErrors errors)
    {
        var request = ToRecommendationRequest(apikey, site, errors);
        if (arm is { } assigned) request = assigned.Arm.ApplyTo(request, assigned.Label);
        return request with
        {
            CollapseStories = ParseStories(errors) ?? request.CollapseStories,
            Strategy = ParseStrategy(errors) ?? request.Strategy,
            Alpha = ParseShare(Alpha, "alpha", errors) ?? request.Alpha,
            SemanticWeight = ParseShare(Semantic, "semantic", errors) ?? request.SemanticWeight,
        };
    }

    bool? ParseStories(RequestErrors errors)
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

    RecommendationStrategy? ParseStrategy(RequestErrors errors)
    {
        if (string.IsNullOrWhiteSpace(Strategy)) return null;
        if (StrategyNames.TryGetValue(Strategy.Trim(), out var strategy)) return strategy;
        errors.Add("strategy", $"must be one of {string.Join(", ", StrategyNames.Keys)}");
        return null;
    }

    static double? ParseShare(string? value, string field, RequestErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var share) && share is >= 0 and <= 1)
            return share;
        errors.Add(field, "must be a number from 0 to 1");
        return null;
    }
}
