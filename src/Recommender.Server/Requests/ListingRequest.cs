using System.Globalization;
using Microsoft.AspNetCore.Mvc;
using Recommender.Core.Indexing;
using Recommender.Core.Recommendations;
using Recommender.Core.Sites;
using BoostSignal = Recommender.Core.Recommendations.Boost;

namespace Recommender.Server.Requests;

/// <summary>The parameters every list of articles takes: paging, filters, exclusions, sort and boosts.</summary>
public class ListingRequest : SiteRequest
{
    const int MaxLimit = 100;
    const int MaxPage = 100;

    static readonly Dictionary<string, BoostSignal> BoostNames = new(StringComparer.OrdinalIgnoreCase)
    {
        ["views"] = BoostSignal.Views,
        ["engaged_time"] = BoostSignal.EngagedTime,
        ["social_referrals"] = BoostSignal.SocialReferrals,
        ["search_referrals"] = BoostSignal.SearchReferrals,
        ["internal_referrals"] = BoostSignal.InternalReferrals,
        ["recency"] = BoostSignal.Recency,
    };

    [FromQuery(Name = "limit")] public string? Limit { get; set; }
    [FromQuery(Name = "page")] public string? Page { get; set; }
    [FromQuery(Name = "pub_date_start")] public string? PubDateStart { get; set; }
    [FromQuery(Name = "pub_date_end")] public string? PubDateEnd { get; set; }
    [FromQuery(Name = "section")] public string[]? Section { get; set; }
    [FromQuery(Name = "author")] public string[]? Author { get; set; }
    [FromQuery(Name = "tag")] public string[]? Tag { get; set; }

    /// <summary>Repeatable <c>section:</c>, <c>author:</c>, <c>tag:</c> or <c>url:</c> (a URL prefix) exclusions.</summary>
    [FromQuery(Name = "exclude")] public string[]? Exclude { get; set; }

    [FromQuery(Name = "sort")] public string? Sort { get; set; }
    [FromQuery(Name = "boost")] public string[]? Boost { get; set; }

    /// <summary>The request as the recommender takes it, with the site's own exclusions and defaults applied.</summary>
    public RecommendationRequest ToRecommendationRequest(string apikey, SiteOptions site, RequestErrors errors)
    {
        var from = ParseDate(PubDateStart, "pub_date_start", errors);
        var to = ParseDate(PubDateEnd, "pub_date_end", errors);
        if (from > to) errors.Add("pub_date_end", "must not be before pub_date_start");

        var exclusions = ParseExclusions(errors);
        return new RecommendationRequest
        {
            Filter = new ArticleFilter
            {
                Site = apikey,
                Sections = Values(Section),
                Authors = Values(Author),
                Tags = Values(Tag),
                ExcludeSections = [.. site.Exclude.Sections, .. exclusions["section"]],
                ExcludeAuthors = [.. site.Exclude.Authors, .. exclusions["author"]],
                ExcludeTags = [.. site.Exclude.Tags, .. exclusions["tag"]],
                ExcludeUrlPrefixes = [.. site.Exclude.UrlPrefixes, .. exclusions["url"]],
                PubDateFrom = from,
                PubDateTo = to,
            },
            Limit = ParseInt(Limit, "limit", 1, MaxLimit, site.Defaults.Limit, errors),
            Page = ParseInt(Page, "page", 1, MaxPage, 1, errors),
            Sort = ParseSort(errors, out var sortBySignal),
            SortBySignal = sortBySignal,
            Boosts = ParseBoosts(Boost is { Length: > 0 } ? Boost : [.. site.Defaults.Boost], errors),
            HalfLife = HalfLifeOf(site),
            // The site's defaults are in range: SiteDirectory refuses settings that SiteValidation finds wrong.
            Alpha = site.Defaults.Alpha,
            SemanticWeight = SemanticWeightOf(site),
            CollapseStories = site.Stories.Collapse,
            FreshSlots = site.FreshSlots.ToOptions(),
            Rules = site.Rules,
        };
    }

    /// <summary>How much meaning ranks the site's answers: <see cref="SemanticWeights.Default"/> with its semantic layer on, 0 without.</summary>
    public static double SemanticWeightOf(SiteOptions site) => site.SemanticOn ? SemanticWeights.Default : 0;

    /// <summary>The site's half-life of a read's weight (Defaults:HalfLifeHours).</summary>
    public static TimeSpan HalfLifeOf(SiteOptions site) => TimeSpan.FromHours(site.Defaults.HalfLifeHours);

    static string[] Values(string[]? values) =>
        values?.SelectMany(v => v.Split(',')).Select(v => v.Trim()).Where(v => v.Length > 0).ToArray() ?? [];

    static int ParseInt(string? value, string field, int min, int max, int fallback, RequestErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return fallback;
        if (int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number >= min && number <= max)
            return number;
        errors.Add(field, $"must be a whole number from {min} to {max}");
        return min;
    }

    /// <summary>A day as YYYY-MM-DD, or an error naming <paramref name="field"/>.</summary>
    internal static DateOnly? ParseDate(string? value, string field, RequestErrors errors)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)) return date;
        errors.Add(field, "must be a date as YYYY-MM-DD");
        return null;
    }

    /// <summary>score, pub_date, or an engagement signal (views, engaged_time, *_referrals) of the last day.</summary>
    ArticleSort ParseSort(RequestErrors errors, out BoostSignal? bySignal)
    {
        bySignal = null;
        var name = Sort?.Trim().ToLowerInvariant();
        switch (name)
        {
            case null or "" or "score": return ArticleSort.Score;
            case "pub_date": return ArticleSort.PubDateDescending;
            case not null when BoostNames.TryGetValue(name, out var signal) && signal != BoostSignal.Recency:
                bySignal = signal;
                return ArticleSort.Score;
            default:
                errors.Add("sort", $"must be one of score, pub_date, {string.Join(", ", BoostNames.Where(b => b.Value != BoostSignal.Recency).Select(b => b.Key))}");
                return ArticleSort.Score;
        }
    }

    static BoostSignal[] ParseBoosts(IEnumerable<string> names, RequestErrors errors)
    {
        var boosts = new List<BoostSignal>();
        foreach (var name in Values([.. names]))
        {
            if (BoostNames.TryGetValue(name, out var boost)) boosts.Add(boost);
            else errors.Add("boost", $"'{name}' is not one of {string.Join(", ", BoostNames.Keys)}");
        }
        return [.. boosts.Distinct()];
    }

    ILookup<string, string> ParseExclusions(RequestErrors errors)
    {
        var pairs = new List<(string Kind, string Value)>();
        foreach (var exclusion in Exclude ?? [])
        {
            var colon = exclusion.IndexOf(':');
            var kind = colon > 0 ? exclusion[..colon].Trim().ToLowerInvariant() : "";
            var value = colon > 0 ? exclusion[(colon + 1)..].Trim() : "";
            if (kind is "section" or "author" or "tag" or "url" && value.Length > 0) pairs.Add((kind, value));
            else errors.Add("exclude", $"'{exclusion}' must be section:NAME, author:NAME, tag:NAME or url:PREFIX");
        }
        return pairs.ToLookup(p => p.Kind, p => p.Value);
    }
}
