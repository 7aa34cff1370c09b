using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Recommender.Core.Profiles;
using Recommender.Server.Caching;
using Recommender.Server.Crawling;
using Recommender.Server.Requests;
using Recommender.Server.Sites;

namespace Recommender.Server.Profiles;

/// <summary>Training a reader's profile, reading it back, and forgetting it.</summary>
public static class ProfileEndpoints
{
    const double MaxWeight = 100;

    public static IEndpointRouteBuilder MapProfiles(this IEndpointRouteBuilder routes)
    {
        routes.MapMethods("/profile", ["GET", "POST"], Train)
            .WithSummary("Train a reader's profile with an article (GET too, as Parse.ly allows).")
            .ProducesRequestProblems();
        routes.MapDelete("/profile", Forget)
            .WithSummary("Forget a reader entirely (a privacy request).")
            .ProducesRequestProblems();
        routes.MapGet("/history", History)
            .WithSummary("The reader's trained articles, newest first.")
            .ProducesRequestProblems();
        return routes;
    }

    static async Task<Results<Accepted<TrainingAnswer>, ProblemHttpResult>> Train(
        [AsParameters] TrainingRequest request, SiteDirectory sites, IProfileStore profiles, UnknownPageCrawler crawler,
        TimeProvider clock, CancellationToken cancel)
    {
        var errors = new RequestErrors();
        var site = request.ResolveSite(sites, errors);
        var uuid = SiteRequest.CheckUuid(request.Uuid, errors, required: true);
        var url = SiteRequest.CheckUrl(request.Url, site, "url", errors, required: true);
        var weight = ParseWeight(request.Weight, errors);
        if (errors.Any) return errors.ToProblem();

        // An article not indexed yet is still recorded: it counts once the crawl has indexed it.
        crawler.CrawlIfUnknown(request.Apikey!, url!);
        var size = await profiles.TrainAsync(request.Apikey!, uuid!, url!, clock.GetUtcNow(), weight, cancel);
        return TypedResults.Accepted((string?)null, new TrainingAnswer(new TrainingData(uuid!, url!, size)));
    }

    static async Task<Results<NoContent, ProblemHttpResult>> Forget(
        [AsParameters] ReaderRequest request, SiteDirectory sites, IProfileStore profiles, ListingCache answers, CancellationToken cancel)
    {
        var errors = new RequestErrors();
        request.ResolveSite(sites, errors);
        var uuid = SiteRequest.CheckUuid(request.Uuid, errors, required: true);
        if (errors.Any) return errors.ToProblem();

        await profiles.DeleteAsync(request.Apikey!, uuid!, cancel);
        // Unreachable already (their key holds the profile's version), but still in memory until they expire.
        answers.ForgetReader(request.Apikey!, uuid!);
        return TypedResults.NoContent();
    }

    static async Task<Results<Ok<HistoryAnswer>, ProblemHttpResult>> History(
        [AsParameters] ReaderRequest request, SiteDirectory sites, IProfileStore profiles, CancellationToken cancel)
    {
        var errors = new RequestErrors();
        request.ResolveSite(sites, errors);
        var uuid = SiteRequest.CheckUuid(request.Uuid, errors, required: true);
        if (errors.Any) return errors.ToProblem();

        var entries = await profiles.GetAsync(request.Apikey!, uuid!, int.MaxValue, cancel);
        return TypedResults.Ok(new HistoryAnswer([.. entries.Select(e => new HistoryItem(e.Url, e.Time.UtcDateTime, e.Weight))]));
    }

    static double ParseWeight(string? weight, RequestErrors errors)
    {
        if (string.IsNullOrWhiteSpace(weight)) return 1;
        if (double.TryParse(weight, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0 && value <= MaxWeight)
            return value;
        errors.Add("weight", $"must be a number above 0 and at most {MaxWeight}");
        return 1;
    }
}

public class ReaderRequest : SiteRequest
{
    [FromQuery(Name = "uuid")] public string? Uuid { get; set; }
}

public sealed class TrainingRequest : ReaderRequest
{
    [FromQuery(Name = "url")] public string? Url { get; set; }

    /// <summary>How much this training counts; a view is 1, a like may count more.</summary>
    [FromQuery(Name = "weight")] public string? Weight { get; set; }
}

public sealed record TrainingAnswer(TrainingData Data);
public sealed record TrainingData(string Uuid, string Url, int ProfileSize);
public sealed record HistoryAnswer(IReadOnlyList<HistoryItem> Data);
public sealed record HistoryItem(string Url, DateTime Time, double Weight);
