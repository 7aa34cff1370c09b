using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
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
        // Reader data: the site's backend only, with its secret key (the apikey is public, in every page's tag).
        var readers = routes.MapGroup("").RequireSiteSecret();
        readers.MapMethods("/profile", ["GET", "POST"], Train)
            .WithSummary("Train a reader's profile with an article (POST; GET too where the site allows it, as Parse.ly does).")
            .ProducesRequestProblems()
            .ProducesProblem(StatusCodes.Status405MethodNotAllowed);
        readers.MapDelete("/profile", Forget)
            .WithSummary("Forget a reader entirely (a privacy request).")
            .ProducesRequestProblems();
        readers.MapGet("/history", History)
            .WithSummary("The reader's trained articles, newest first.")
            .ProducesRequestProblems();
        return routes;
    }

    static async Task<Results<Accepted<TrainingAnswer>, ProblemHttpResult>> Train(
        [AsParameters] TrainingRequest request, HttpRequest http, SiteDirectory sites, IProfileStore profiles, UnknownPageCrawler crawler,
        IOptions<ProfileStoreOptions> profileOptions, TimeProvider clock, CancellationToken cancel)
    {
        var errors = new RequestErrors();
        var site = request.ResolveSite(sites, errors);
        if (site is { AllowGetTraining: false } && HttpMethods.IsGet(http.Method))
        {
            http.HttpContext.Response.Headers.Allow = "POST";
            return TypedResults.Problem(statusCode: StatusCodes.Status405MethodNotAllowed, title: "Training is a POST.",
                detail: $"Site '{request.Apikey}' trains by POST only; Sites:{request.Apikey}:AllowGetTraining turns GET on.");
        }
        var uuid = SiteRequest.CheckUuid(request.Uuid, errors, required: true);
        var url = SiteRequest.CheckUrl(request.Url, site, "url", errors, required: true);
        var weight = ParseWeight(request.Weight, errors);
        var time = ParseTime(request.Ts, clock.GetUtcNow(), profileOptions.Value.ExpireAfterInactivity, errors);
        if (errors.Any) return errors.ToProblem();

        // An article not indexed yet is still recorded: it counts once the crawl has indexed it.
        crawler.CrawlIfUnknown(request.Apikey!, url!);
        var size = await profiles.TrainAsync(request.Apikey!, uuid!, url!, time, weight, cancel);
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

    /// <summary>When the reader read the page: <c>ts</c> when given (<see cref="TrainingTime"/>), now otherwise.</summary>
    static DateTimeOffset ParseTime(string? ts, DateTimeOffset now, TimeSpan expireAfterInactivity, RequestErrors errors)
    {
        if (string.IsNullOrWhiteSpace(ts)) return now;
        if (TrainingTime.Parse(ts) is not { } given)
        {
            errors.Add("ts", "must be an ISO 8601 time or Unix epoch milliseconds");
            return now;
        }
        var (time, error) = TrainingTime.Check(given, now, expireAfterInactivity);
        if (error is not null) errors.Add("ts", error);
        return time;
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

    /// <summary>When the reader read the page (ISO 8601 or epoch milliseconds); now when absent.</summary>
    [FromQuery(Name = "ts")] public string? Ts { get; set; }
}

public sealed record TrainingAnswer(TrainingData Data);
public sealed record TrainingData(string Uuid, string Url, int ProfileSize);
public sealed record HistoryAnswer(IReadOnlyList<HistoryItem> Data);
public sealed record HistoryItem(string Url, DateTime Time, double Weight);
