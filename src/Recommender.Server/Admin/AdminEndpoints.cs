using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Recommender.Core.Indexing;
using Recommender.Crawler.Crawling;
using Recommender.Server.Requests;
using Recommender.Server.Sites;

namespace Recommender.Server.Admin;

/// <summary>
/// <c>/admin/…</c>: a site's engineer's calls, with the site's secret key, on this node (behind a load balancer, call
/// each node; `recommender admin` does one). Recrawl an article, delete one, re-index the site, read its stats.
/// </summary>
public static class AdminEndpoints
{
    public static IEndpointRouteBuilder MapAdmin(this IEndpointRouteBuilder routes)
    {
        var admin = routes.MapGroup("/admin").RequireSiteSecret().WithTags("Admin");
        admin.MapGet("/stats", Stats)
            .WithSummary("The site's articles in this node's index and the newest one's publication date, and the crawl queue.")
            .ProducesRequestProblems();
        admin.MapPost("/recrawl", Recrawl)
            .WithSummary("Crawl an article again now, indexed or not (after the publisher corrected it).")
            .ProducesRequestProblems()
            .ProducesProblem(StatusCodes.Status409Conflict);
        admin.MapDelete("/article", Delete)
            .WithSummary("Remove an article from this node's index (a view crawls it again while the page exists).")
            .ProducesRequestProblems();
        admin.MapPost("/reindex", Reindex)
            .WithSummary("Write every article of the site again from the index's stored fields, with the current analysis.")
            .ProducesRequestProblems();
        return routes;
    }

    static Results<Ok<StatsAnswer>, ProblemHttpResult> Stats(
        [AsParameters] SiteRequest request, SiteDirectory sites, SiteMaintenance maintenance, IServiceProvider services)
    {
        var errors = new RequestErrors();
        request.ResolveSite(sites, errors);
        if (errors.Any) return errors.ToProblem();

        var stats = maintenance.Stats(request.Apikey!);
        return TypedResults.Ok(new StatsAnswer(request.Apikey!, stats.Articles, stats.NewestPubDate, services.GetService<CrawlQueue>()?.PendingCount));
    }

    static Results<Accepted<RecrawlAnswer>, ProblemHttpResult> Recrawl(
        [AsParameters] ArticleRequest request, SiteDirectory sites, IServiceProvider services)
    {
        var errors = new RequestErrors();
        var site = request.ResolveSite(sites, errors);
        var url = SiteRequest.CheckUrl(request.Url, site, "url", errors, required: true);
        if (errors.Any) return errors.ToProblem();

        if (services.GetService<CrawlQueue>() is not { } queue)
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "This node does not crawl.",
                detail: "In the Kafka set-up the crawler process crawls; a view of the page queues it there.");
        var result = queue.Enqueue(new CrawlRequest(request.Apikey!, url!));
        return TypedResults.Accepted((string?)null, new RecrawlAnswer(url!, result.ToString()));
    }

    static Results<NoContent, ProblemHttpResult> Delete(
        [AsParameters] ArticleRequest request, SiteDirectory sites, SiteMaintenance maintenance)
    {
        var errors = new RequestErrors();
        var site = request.ResolveSite(sites, errors);
        var url = SiteRequest.CheckUrl(request.Url, site, "url", errors, required: true);
        if (errors.Any) return errors.ToProblem();

        return maintenance.Delete(request.Apikey!, url!)
            ? TypedResults.NoContent()
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "No such article.", detail: $"The index has no article at {url}.");
    }

    static Results<Ok<ReindexAnswer>, ProblemHttpResult> Reindex(
        [AsParameters] SiteRequest request, SiteDirectory sites, SiteMaintenance maintenance)
    {
        var errors = new RequestErrors();
        request.ResolveSite(sites, errors);
        if (errors.Any) return errors.ToProblem();

        return TypedResults.Ok(new ReindexAnswer(maintenance.Reindex(request.Apikey!)));
    }
}

public sealed class ArticleRequest : SiteRequest
{
    [FromQuery(Name = "url")] public string? Url { get; set; }
}

/// <param name="CrawlQueue">Pages waiting or being crawled on this node, for every site; null where the node does not crawl.</param>
public sealed record StatsAnswer(string Site, int Articles, DateTimeOffset? NewestPubDate, int? CrawlQueue);

/// <param name="Outcome">Queued, AlreadyPending, RetryNotDue or QueueFull.</param>
public sealed record RecrawlAnswer(string Url, string Outcome);

public sealed record ReindexAnswer(int Reindexed);
