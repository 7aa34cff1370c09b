using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Recommender.Core.ClickThrough;
using Recommender.Server.Requests;
using Recommender.Server.Sites;

namespace Recommender.Server.ClickThrough;

/// <summary>
/// <c>GET /ctr</c> and <c>GET /experiments</c>: how often readers click the related boxes, per strategy and position,
/// and how the arms of the site's experiments compare. A site's business data: its backend's to read with the secret key.
/// </summary>
public static class ClickThroughEndpoints
{
    /// <summary>Without <c>from</c>, <c>/ctr</c> reports this many days up to <c>to</c> (today by default).</summary>
    const int DefaultDays = 30;

    public static IEndpointRouteBuilder MapClickThrough(this IEndpointRouteBuilder routes)
    {
        var reports = routes.MapGroup("").RequireSiteSecret().WithTags("Click-through");
        reports.MapGet("/ctr", GetClickThrough)
            .WithSummary("Impressions, clicks, click-through rate and engaged seconds after the click of the related boxes, per strategy and per position.")
            .ProducesRequestProblems();
        reports.MapGet("/experiments", GetExperiments)
            .WithSummary("Per experiment arm: impressions, clicks, click-through rate with its 95 % Wilson interval, and the z-test against the control arm.")
            .ProducesRequestProblems();
        return routes;
    }

    static Results<Ok<ClickThroughAnswer>, ProblemHttpResult> GetClickThrough(
        [AsParameters] ClickThroughRequest request, SiteDirectory sites, ClickThroughCounts counts, TimeProvider clock)
    {
        var errors = new RequestErrors();
        request.ResolveSite(sites, errors);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var to = ListingRequest.ParseDate(request.To, "to", errors) ?? today;
        var from = ListingRequest.ParseDate(request.From, "from", errors) ?? to.AddDays(1 - DefaultDays);
        if (from > to) errors.Add("to", "must not be before from");
        var strategy = request.Strategy?.Trim().ToLowerInvariant();
        if (strategy is { Length: 0 }) strategy = null;
        if (strategy is not null && !RecommendationId.Strategies.Contains(strategy))
            errors.Add("strategy", $"must be one of {string.Join(", ", RecommendationId.Strategies)}");
        if (errors.Any) return errors.ToProblem();

        var rows = counts.Read(request.Apikey!, from, to, strategy);
        return TypedResults.Ok(new ClickThroughAnswer(new ClickThroughData(from, to, StrategyClickThrough.Of(rows))));
    }

    static Results<Ok<ExperimentsAnswer>, ProblemHttpResult> GetExperiments(
        [AsParameters] SiteRequest request, SiteDirectory sites, ClickThroughCounts counts, TimeProvider clock)
    {
        var errors = new RequestErrors();
        var site = request.ResolveSite(sites, errors);
        if (errors.Any) return errors.ToProblem();

        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        var rows = counts.Read(request.Apikey!, today.AddDays(-ClickThroughCounts.RetainedDays), today);
        return TypedResults.Ok(new ExperimentsAnswer(ExperimentReport.Of(rows, site!.Experiments)));
    }
}

public sealed class ClickThroughRequest : SiteRequest
{
    /// <summary>One strategy only: related, trending, popular, search or rank.</summary>
    [FromQuery(Name = "strategy")] public string? Strategy { get; set; }

    /// <summary>The first day (UTC, YYYY-MM-DD) reported; unset, 30 days before <see cref="To"/>.</summary>
    [FromQuery(Name = "from")] public string? From { get; set; }

    /// <summary>The last day (UTC, YYYY-MM-DD) reported; unset, today.</summary>
    [FromQuery(Name = "to")] public string? To { get; set; }
}

public sealed record ClickThroughAnswer(ClickThroughData Data);
public sealed record ClickThroughData(DateOnly From, DateOnly To, IReadOnlyList<StrategyClickThrough> Strategies);
public sealed record ExperimentsAnswer(IReadOnlyList<ExperimentReport> Data);
