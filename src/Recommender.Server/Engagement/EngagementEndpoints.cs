using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Recommender.Core.Engagement;
using Recommender.Server.Requests;
using Recommender.Server.Sites;

namespace Recommender.Server.Engagement;

/// <summary><c>GET /engagement</c>: what readers did with one page in the last hour, day and week.</summary>
public static class EngagementEndpoints
{
    public static IEndpointRouteBuilder MapEngagement(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/engagement", Get)
            .WithSummary("A page's views, unique readers, engaged time and referrals in the last hour, day and week.")
            .ProducesRequestProblems()
            // A site's analytics: its backend's to read, not any page's that carries the public apikey.
            .RequireSiteSecret();
        return routes;
    }

    static Results<Ok<EngagementAnswer>, ProblemHttpResult> Get(
        [AsParameters] EngagementRequest request, SiteDirectory sites, EngagementSignals signals)
    {
        var errors = new RequestErrors();
        var site = request.ResolveSite(sites, errors);
        var url = SiteRequest.CheckUrl(request.Url, site, "url", errors, required: true);
        if (errors.Any) return errors.ToProblem();

        WindowCounts In(EngagementWindow window) => WindowCounts.From(signals.Get(request.Apikey!, url!, window));
        return TypedResults.Ok(new EngagementAnswer(new PageEngagement(
            url!, In(EngagementWindow.LastHour), In(EngagementWindow.LastDay), In(EngagementWindow.LastWeek))));
    }
}

public sealed class EngagementRequest : SiteRequest
{
    [FromQuery(Name = "url")] public string? Url { get; set; }
}

public sealed record EngagementAnswer(PageEngagement Data);
public sealed record PageEngagement(string Url, WindowCounts LastHour, WindowCounts LastDay, WindowCounts LastWeek);

/// <summary>
/// One window's counts, rounded to two decimals (the oldest hour of a window counts in part). <c>views</c> is every
/// pageview as sent; <c>rankedViews</c> what ranks the page (popular, trending, the views boost): at most one view per
/// reader and hour.
/// </summary>
public sealed record WindowCounts(
    double Views, double RankedViews, double UniqueReaders, double Heartbeats, double EngagedSeconds, IReadOnlyDictionary<string, double> Referrals)
{
    public static WindowCounts From(UrlEngagement engagement) => new(
        Math.Round(engagement.Views, 2),
        Math.Round(engagement.RankedViews, 2),
        Math.Round(engagement.UniqueReaders, 2),
        Math.Round(engagement.Heartbeats, 2),
        Math.Round(engagement.EngagedSeconds, 2),
        engagement.Referrals.ToDictionary(r => r.Key.ToString().ToLowerInvariant(), r => Math.Round(r.Value, 2)));
}
