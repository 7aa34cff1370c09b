using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Recommender.Core.ClickThrough;
using Recommender.Core.CoReading;
using Recommender.Core.Indexing;
using Recommender.Core.Profiles;
using Recommender.Core.Recommendations;
using Recommender.Server.Caching;
using Recommender.Server.Related;
using Recommender.Server.Requests;
using Recommender.Server.Sites;

namespace Recommender.Server.Ranking;

/// <summary>
/// <c>/rank</c>: the candidates a site gives, in the order this reader would most likely read them (as Amazon
/// Personalize's Personalized-Ranking). Like <c>/related?uuid=</c>, it reads the reader's profile but answers only an
/// order of the site's public articles, so it takes the site's public apikey.
/// </summary>
public static class RankEndpoints
{
    public static IEndpointRouteBuilder MapRanking(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/rank", Get)
            .WithSummary("Rank candidate pages (url, repeated) for a reader (uuid): most likely read first, not indexed ones last.")
            .ProducesRequestProblems();
        routes.MapPost("/rank", Post)
            .WithSummary("Rank candidate pages for a reader, from a JSON body {\"apikey\", \"uuid\", \"urls\": [...]}.")
            .Accepts<RankBody>("application/json")
            .ProducesRequestProblems();
        return routes;
    }

    static Task<Results<Ok<RankAnswer>, ProblemHttpResult>> Get([AsParameters] RankQuery query, [AsParameters] RankServices services, CancellationToken cancel) =>
        RankAsync(query.Apikey, query.Uuid, query.Url, "url", new RequestErrors(), services, cancel);

    static async Task<Results<Ok<RankAnswer>, ProblemHttpResult>> Post([AsParameters] RankQuery query, HttpRequest http, [AsParameters] RankServices services,
        CancellationToken cancel)
    {
        var errors = new RequestErrors();
        RankBody? body = null;
        try
        {
            body = await JsonSerializer.DeserializeAsync<RankBody>(http.Body, JsonSerializerOptions.Web, cancel);
        }
        catch (JsonException e)
        {
            // The path names the field, "$.urls[2]" for example.
            errors.Add(e.Path is { Length: > 2 } path ? path[2..] : "body", "must be a JSON object {\"apikey\": string, \"uuid\": string, \"urls\": [string]}");
        }
        if (body is null && !errors.Any) errors.Add("body", "a JSON object {\"apikey\", \"uuid\", \"urls\"} is required");
        // The query may name the site and reader instead, as every other call does.
        return await RankAsync(body?.Apikey ?? query.Apikey, body?.Uuid ?? query.Uuid, body?.Urls, "urls", errors, services, cancel);
    }

    static async Task<Results<Ok<RankAnswer>, ProblemHttpResult>> RankAsync(string? apikey, string? uuid, string?[]? urls, string urlsField,
        RequestErrors errors, RankServices services, CancellationToken cancel)
    {
        var site = new SiteRequest { Apikey = apikey }.ResolveSite(services.Sites, errors);
        var reader = SiteRequest.CheckUuid(uuid, errors);
        var candidates = CheckUrls(urls, site, urlsField, errors);
        if (errors.Any) return errors.ToProblem();

        IReadOnlyList<ProfileEntry> history = reader is null ? [] : await RelatedEndpoints.UnlessUnavailable(
            services.Profiles.GetAsync(apikey!, reader, int.MaxValue, cancel), [], "profile history", services.RedisErrors);
        var request = new RecommendationRequest
        {
            Filter = new ArticleFilter { Site = apikey! },
            HalfLife = ListingRequest.HalfLifeOf(site!),
            SemanticWeight = ListingRequest.SemanticWeightOf(site!),
            CoReading = site!.CoRead ? services.CoReading.For(apikey!) : null,
            ClickThrough = new ClickThroughBlend(services.ClickThrough.For(apikey!), site.RankAlpha ?? ClickThroughBlend.DefaultAlpha),
        };
        // Not cached: the id names the answer by what it was asked, so the same question gets the same id, as a cached list does.
        var id = RecommendationId.ForAnswer($"rank\n{apikey}\n{reader}\n{string.Join('\n', candidates)}", "rank", null);
        return TypedResults.Ok(new RankAnswer(id.ToString(), [.. services.Ranking.Rank(history, candidates, request).Select(RankedItem.From)]));
    }

    /// <summary>The candidates, canonical; every bad one is named by its place (<c>urls[3]</c>, or <c>url</c> for the query).</summary>
    static List<string> CheckUrls(string?[]? urls, Core.Sites.SiteOptions? site, string field, RequestErrors errors)
    {
        if (urls is not { Length: > 0 })
        {
            errors.Add(field, "at least one candidate URL is required");
            return [];
        }
        if (urls.Length > CandidateRanking.MaxCandidates)
        {
            errors.Add(field, $"at most {CandidateRanking.MaxCandidates} candidates, not {urls.Length}");
            return [];
        }
        var checkedUrls = new List<string>(urls.Length);
        for (var i = 0; i < urls.Length; i++)
        {
            var name = field == "url" ? field : $"{field}[{i}]";
            if (SiteRequest.CheckUrl(urls[i], site, name, errors, required: true) is { } url) checkedUrls.Add(url);
        }
        return checkedUrls;
    }
}

/// <summary>What <c>/rank</c> reads and ranks with, from the service container.</summary>
public sealed record RankServices(
    SiteDirectory Sites,
    CandidateRanking Ranking,
    IProfileStore Profiles,
    SiteCoReading CoReading,
    ArticleClickThrough ClickThrough,
    RedisErrors RedisErrors);

public sealed class RankQuery
{
    [FromQuery(Name = "apikey")] public string? Apikey { get; set; }
    [FromQuery(Name = "uuid")] public string? Uuid { get; set; }

    /// <summary>The candidates, repeated: <c>url=…&amp;url=…</c>.</summary>
    [FromQuery(Name = "url")] public string?[]? Url { get; set; }
}

public sealed record RankBody(string? Apikey, string? Uuid, string?[]? Urls);

public sealed record RankAnswer(string RecId, IReadOnlyList<RankedItem> Data);

/// <summary>
/// One candidate, best first: the listed article's fields, its score (relevance to the reader; for a reader with no
/// history, views of the last day; none when not indexed), why, and whether it is indexed.
/// </summary>
public sealed record RankedItem(
    string Url,
    string? Title,
    IReadOnlyList<string>? Authors,
    string? Section,
    IReadOnlyList<string>? Tags,
    DateTime? PubDate,
    string? ImageUrl,
    string? Description,
    double? Score,
    string Reason,
    bool Indexed)
{
    public static RankedItem From(RankedCandidate c) => c.Article is not { } a
        ? new RankedItem(c.Url, null, null, null, null, null, null, null, null, c.Reason, false)
        : new RankedItem(a.Url, a.Title, a.Authors, a.Section, a.Tags, a.PubDate?.UtcDateTime, a.ImageUrl, a.Description,
            c.Score is { } score ? Math.Round(score, 4) : null, c.Reason, true);
}
