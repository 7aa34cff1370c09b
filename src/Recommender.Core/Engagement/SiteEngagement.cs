using System.Collections.Immutable;

namespace Recommender.Core.Engagement;

/// <summary>
/// One site's engagement as a consumer batch left it: every page's hourly counts and the two top lists, most viewed
/// and trending, ranked by <see cref="HourCounts.RankedViews"/>. Never changed once built; the next batch builds the
/// next one, sharing every page it did not touch.
/// </summary>
public sealed record SiteEngagement(
    ImmutableDictionary<string, PageHistory> Pages, IReadOnlyList<(string Url, double Views)> MostViewed, IReadOnlyList<TrendingUrl> Trending)
{
    /// <summary>
    /// Pages a top list holds. <c>/related</c> and <c>/trending</c> take the best 300 before their filters; the rest
    /// keep the pages just below them ranked, so that a list updated with only the pages a batch touched
    /// (<see cref="Listed"/>) stays right until the next full ranking.
    /// </summary>
    public const int ListLength = 1_000;

    public static readonly SiteEngagement Empty = new(ImmutableDictionary.Create<string, PageHistory>(StringComparer.Ordinal), [], []);

    /// <summary>
    /// The site with <paramref name="pages"/> and its lists ranked again among <paramref name="candidates"/> at
    /// <paramref name="now"/>: every page for a full ranking; for a batch, the listed pages and those it touched,
    /// since a page no batch touched changes only as the windows slide, which the full ranking catches up with.
    /// </summary>
    public static SiteEngagement Listed(ImmutableDictionary<string, PageHistory> pages, IEnumerable<string> candidates, DateTimeOffset now)
    {
        var ranked = candidates.Distinct().Select(url => (Url: url, Page: pages.GetValueOrDefault(url))).Where(c => c.Page is not null).ToList();
        List<(string Url, double Views)> mostViewed =
        [
            .. ranked.Select(c => (c.Url, Views: c.Page!.Sum(EngagementWindow.LastDay, now, h => h.RankedViews)))
                .Where(c => c.Views > 0)
                .OrderByDescending(c => c.Views).ThenBy(c => c.Url, StringComparer.Ordinal)
                .Take(ListLength),
        ];
        List<TrendingUrl> trending =
        [
            .. ranked.Select(c => TrendOf(c.Url, c.Page!, now)).OfType<TrendingUrl>()
                .OrderByDescending(t => t.Score).ThenBy(t => t.Url, StringComparer.Ordinal)
                .Take(ListLength),
        ];
        return new SiteEngagement(pages, mostViewed, trending);
    }

    /// <summary>This site ranked again among the pages it lists and <paramref name="touched"/>.</summary>
    public SiteEngagement ListedAgain(ImmutableDictionary<string, PageHistory> pages, IEnumerable<string> touched, DateTimeOffset now) =>
        Listed(pages, MostViewed.Select(page => page.Url).Concat(Trending.Select(page => page.Url)).Concat(touched), now);

    /// <summary>
    /// A page rises when its views of the last hour exceed its hourly average of the last day: a page published this
    /// hour rises by all its views, a steady one not at all; null when it does not rise.
    /// </summary>
    static TrendingUrl? TrendOf(string url, PageHistory page, DateTimeOffset now)
    {
        var lastHour = page.Sum(EngagementWindow.LastHour, now, h => h.RankedViews);
        if (lastHour < 1) return null;
        var lastDay = page.Sum(EngagementWindow.LastDay, now, h => h.RankedViews);
        var score = lastHour - lastDay / (int)EngagementWindow.LastDay;
        return score > 0 ? new TrendingUrl(url, lastHour, lastDay, score) : null;
    }
}
