using System.Buffers.Text;
using System.Globalization;
using System.Text;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Recommender.Core.Digests;
using Recommender.Core.Profiles;
using Recommender.Server.Requests;
using Recommender.Server.Sites;

namespace Recommender.Server.Digests;

/// <summary>
/// <c>POST /admin/digests</c>: a mailer pages through the newsletter digests of the readers active in a window, with the
/// site's secret key. A POST, as each page remembers what it hands out (a retried page gets other articles).
/// </summary>
public static class DigestEndpoints
{
    public static IEndpointRouteBuilder MapDigests(this IEndpointRouteBuilder routes)
    {
        routes.MapGroup("/admin").RequireSiteSecret().WithTags("Admin")
            .MapPost("/digests", Page)
            .WithSummary("One page of newsletter digests: for each reader active in the window, their interests mixed with what is trending, without what they read or were sent.")
            .ProducesRequestProblems();
        return routes;
    }

    static async Task<Results<Ok<DigestPageAnswer>, ProblemHttpResult>> Page(
        [AsParameters] DigestRequest request, SiteDirectory sites, DigestBuilder digests, TimeProvider clock, CancellationToken cancel)
    {
        var errors = new RequestErrors();
        var site = request.ResolveSite(sites, errors);
        var window = DigestServices.ParseWindow(request.ActiveSince ?? DigestRequest.DefaultWindow);
        if (window is null) errors.Add("active_since", "must be a number of minutes, hours or days such as 90m, 24h or 7d, from 1m to 366d");
        var readers = DigestRequest.DefaultReaders;
        if (request.Readers is not null && (!int.TryParse(request.Readers, NumberStyles.None, CultureInfo.InvariantCulture, out readers) ||
                                            readers is < 1 or > ProfileArguments.MaxReadersPage))
            errors.Add("readers", $"must be a whole number from 1 to {ProfileArguments.MaxReadersPage}");
        var cursor = request.Cursor is null ? null : DigestCursor.Parse(request.Cursor);
        if (request.Cursor is not null && cursor is null) errors.Add("cursor", "must be the next_cursor of an earlier page");
        var recommendation = site is null ? null : request.ToRecommendationRequest(request.Apikey!, site, errors);
        if (errors.Any) return errors.ToProblem();

        // The window is fixed by the first page, so that the pages of one run list one set of readers.
        var since = cursor?.Since ?? clock.GetUtcNow() - window!.Value;
        var page = await digests.PageAsync(since, cursor?.After, readers, recommendation! with { Page = 1 }, cancel);
        return TypedResults.Ok(new DigestPageAnswer(
            [.. page.Digests.Select(DigestLine.From)], page.Last is null ? null : new DigestCursor(since, page.Last).ToString()));
    }
}

public sealed class DigestRequest : ListingRequest
{
    public const string DefaultWindow = "7d";
    public const int DefaultReaders = 100;

    /// <summary>Readers trained within this window get a digest: 90m, 24h, 7d (the default).</summary>
    [FromQuery(Name = "active_since")] public string? ActiveSince { get; set; }

    /// <summary>Readers on this page, 1 to 1,000 (100 by default); <c>limit</c> is the articles per digest.</summary>
    [FromQuery(Name = "readers")] public string? Readers { get; set; }

    /// <summary>The previous page's <c>next_cursor</c>; absent for the first page.</summary>
    [FromQuery(Name = "cursor")] public string? Cursor { get; set; }
}

/// <param name="NextCursor">Where the next page starts; null after the last page.</param>
public sealed record DigestPageAnswer(IReadOnlyList<DigestLine> Data, string? NextCursor);

/// <summary>Where the next page of digests starts: the run's window start and the last reader listed, opaque to the mailer.</summary>
sealed record DigestCursor(DateTimeOffset Since, ActiveReader After)
{
    public override string ToString() => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(
        string.Create(CultureInfo.InvariantCulture, $"{Since.UtcTicks}.{After.LastActive.UtcTicks}.{After.Uuid}")));

    public static DigestCursor? Parse(string text)
    {
        try
        {
            var parts = Encoding.UTF8.GetString(Base64Url.DecodeFromChars(text)).Split('.', 3);
            return parts.Length == 3 && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var since) &&
                   long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var last) &&
                   since <= DateTimeOffset.MaxValue.UtcTicks && last <= DateTimeOffset.MaxValue.UtcTicks && parts[2].Length > 0
                ? new DigestCursor(new DateTimeOffset(since, TimeSpan.Zero), new ActiveReader(parts[2], new DateTimeOffset(last, TimeSpan.Zero)))
                : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
