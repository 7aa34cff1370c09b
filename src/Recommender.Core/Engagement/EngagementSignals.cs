using System.Collections.Immutable;
using Recommender.Core.Events;
using Recommender.Core.Recommendations;
using Recommender.Core.Sites;

namespace Recommender.Core.Engagement;

/// <summary>
/// Engagement signals per page, counted from the events stream in hourly buckets of the last week: views,
/// approximate unique readers, heartbeats, engaged seconds and referrals by class, and per site the top lists
/// (most viewed, trending). A read model: the consumer (<see cref="ProcessAsync"/>, one batch at a time) builds
/// the next <see cref="SiteEngagement"/> of each site a batch touched and publishes them together with one
/// reference swap, so requests read without a lock, and <c>/trending</c> and <c>strategy=popular</c> read a list
/// rather than scan the site's pages.
/// <para>
/// Freshness: a batch is visible to readers as soon as it is saved: no later than the end of its
/// <see cref="ProcessAsync"/> (a few ms for 1,000 events, docs/BENCHMARKS.md), so never staler than the consumer's
/// backlog. A page's signals are summed over the windows at the time of each read; the top lists are ranked when
/// published: after each batch among the pages listed and the pages it touched, and in full every
/// <see cref="FullRankingEvery"/>, so that the windows' sliding reaches the lists within a minute even with no events.
/// </para>
/// Persisted in one SQLite file (<see cref="EngagementDatabase"/>), one transaction per batch; a redelivered event
/// counts once when it is among the latest <see cref="RememberedEvents"/> events, across a restart too.
/// </summary>
public sealed class EngagementSignals : IEventProcessor, IDisposable
{
    /// <summary>
    /// How many of the latest events are recognised when they come again: a redelivery comes within the uncommitted
    /// batch (Kafka) or a client's retry, seconds later; 500,000 is 25 s at 20,000 events/s and hours at the usual
    /// rates, in about 22 MB.
    /// </summary>
    public const int RememberedEvents = 500_000;

    /// <summary>How often the top lists are ranked among all the site's pages (and old hours forgotten) when no batch comes.</summary>
    public static readonly TimeSpan FullRankingEvery = TimeSpan.FromMinutes(1);

    /// <summary>The week's window reaches partly into one more hour.</summary>
    const int RetainedHours = (int)EngagementWindow.LastWeek + 1;

    readonly EngagementDatabase database;
    readonly Func<string, SiteOptions?> findSite;
    readonly TimeProvider clock;
    readonly RecentEventIds seen = new(RememberedEvents);
    // The consumer and the full ranking write one after the other; readers never take it.
    readonly SemaphoreSlim writeLock = new(1, 1);
    readonly ITimer fullRanking;
    ImmutableDictionary<string, SiteEngagement> published;
    long prunedAtHour;
    bool disposed;

    public EngagementSignals(string directory, Func<string, SiteOptions?> findSite, TimeProvider clock)
    {
        this.findSite = findSite;
        this.clock = clock;
        database = new EngagementDatabase(directory);
        foreach (var key in database.LoadEventKeys()) seen.Add(key);
        var now = clock.GetUtcNow();
        prunedAtHour = PageHistory.HourOf(now);
        database.Prune(prunedAtHour - RetainedHours);
        var loaded = database.LoadHours().GroupBy(h => h.Site).Select(site => KeyValuePair.Create(site.Key,
            site.GroupBy(h => h.Url).ToImmutableDictionary(page => page.Key, page => PageHistory.Of(page.Select(h => h.Counts)), StringComparer.Ordinal)));
        published = RankedInFull(loaded, now);
        fullRanking = clock.CreateTimer(_ => RankInFull(), null, FullRankingEvery, FullRankingEvery);
    }

    public async Task ProcessAsync(IReadOnlyList<PageEvent> events, CancellationToken ct)
    {
        await writeLock.WaitAsync(ct);
        try
        {
            var now = clock.GetUtcNow();
            PrunedOnANewHour(now);
            var sites = published;
            var (fresh, keys) = FirstSightings(events, PageHistory.HourOf(now));
            var saved = new List<(string Site, string Url, HourCounts Counts)>();
            var next = sites.ToBuilder();
            foreach (var siteEvents in fresh.GroupBy(e => e.Site))
            {
                var site = sites.GetValueOrDefault(siteEvents.Key) ?? SiteEngagement.Empty;
                var pages = site.Pages.ToBuilder();
                foreach (var pageHour in siteEvents.GroupBy(e => (e.Url, Hour: PageHistory.HourOf(e.Time))))
                {
                    var page = pages.GetValueOrDefault(pageHour.Key.Url) ?? PageHistory.Empty;
                    var counts = (page.At(pageHour.Key.Hour) ?? HourCounts.Empty(pageHour.Key.Hour)).Plus(pageHour, ClassifyReferral);
                    pages[pageHour.Key.Url] = page.With(counts);
                    saved.Add((siteEvents.Key, pageHour.Key.Url, counts));
                }
                next[siteEvents.Key] = site.ListedAgain(pages.ToImmutable(), siteEvents.Select(e => e.Url), now);
            }
            database.Save(keys, RememberedEvents, saved);
            // Remembered only once saved: a batch that failed to save is not counted, and its redelivery must be.
            foreach (var key in keys) seen.Add(key);
            Volatile.Write(ref published, next.ToImmutable());
        }
        finally
        {
            writeLock.Release();
        }
    }

    /// <summary>The page's engagement in <paramref name="window"/>; <see cref="UrlEngagement.None"/> when it has none.</summary>
    public UrlEngagement Get(string site, string url, EngagementWindow window)
    {
        if (PageOf(site, url) is not { } page) return UrlEngagement.None;
        var weighted = page.Weighted(window, clock.GetUtcNow()).ToList();
        var everyReader = new HyperLogLog();
        var wholeHoursReaders = new HyperLogLog();
        foreach (var (counts, weight) in weighted)
        {
            counts.AddReadersTo(everyReader);
            if (weight == 1) counts.AddReadersTo(wholeHoursReaders);
        }
        var partOfOldest = weighted.Where(w => w.Weight < 1).Select(w => w.Weight).DefaultIfEmpty(0).Single();
        var whole = wholeHoursReaders.Estimate();
        return new UrlEngagement(
            weighted.Sum(w => w.Weight * w.Counts.Views),
            weighted.Sum(w => w.Weight * w.Counts.RankedViews),
            whole + partOfOldest * (everyReader.Estimate() - whole),
            weighted.Sum(w => w.Weight * w.Counts.Heartbeats),
            weighted.Sum(w => w.Weight * w.Counts.EngagedSeconds),
            Enum.GetValues<ReferralClass>().ToDictionary(c => c, c => weighted.Sum(w => w.Weight * w.Counts.ReferralsOf(c))));
    }

    /// <summary>
    /// One signal of the page in <paramref name="window"/>, cheaper than <see cref="Get"/> (no unique readers); views
    /// are the ranked ones (<see cref="HourCounts.RankedViews"/>).
    /// </summary>
    public double Signal(string site, string url, Boost signal, EngagementWindow window) =>
        PageOf(site, url)?.Sum(window, clock.GetUtcNow(), counts => counts.ValueOf(signal)) ?? 0;

    /// <summary>
    /// How much an engagement signal's value multiplies relevance: 1 + ln(1 + value), neutral for a page
    /// nobody read yet, and growing ever slower, so that a hit does not drown relevance.
    /// </summary>
    public static double BoostFactor(double value) => 1 + Math.Log(1 + Math.Max(0, value));

    /// <summary>
    /// The site's pages whose ranked views in the last hour exceed their hourly average of the last day, the most
    /// rising first: a page published this hour rises by all its views, a steady one not at all. At most
    /// <see cref="SiteEngagement.ListLength"/>.
    /// </summary>
    public IReadOnlyList<TrendingUrl> Trending(string site, int limit) => [.. SiteOf(site).Trending.Take(limit)];

    /// <summary>The site's pages by their ranked views of the last day, the most viewed first; at most <see cref="SiteEngagement.ListLength"/>.</summary>
    public IReadOnlyList<(string Url, double Views)> MostViewed(string site, int limit) => [.. SiteOf(site).MostViewed.Take(limit)];

    /// <summary>Closes the file once a batch or ranking under way is done; more calls do nothing (the container disposes it once per registration).</summary>
    public void Dispose()
    {
        fullRanking.Dispose();
        writeLock.Wait();
        try
        {
            if (disposed) return;
            disposed = true;
            database.Dispose();
        }
        finally
        {
            writeLock.Release();
        }
    }

    PageHistory? PageOf(string site, string url) => SiteOf(site).Pages.GetValueOrDefault(url);

    SiteEngagement SiteOf(string site) => Volatile.Read(ref published).GetValueOrDefault(site) ?? SiteEngagement.Empty;

    ReferralClass ClassifyReferral(PageEvent pageView) => Referrals.Classify(pageView.Referrer, pageView.Url, findSite(pageView.Site));

    /// <summary>The events of the retained hours not seen before (in earlier batches or earlier in this one), and their keys.</summary>
    (List<PageEvent> Fresh, List<UInt128> Keys) FirstSightings(IReadOnlyList<PageEvent> events, long nowHour)
    {
        var fresh = new List<PageEvent>(events.Count);
        var keys = new List<UInt128>(events.Count);
        var inBatch = new HashSet<UInt128>();
        foreach (var pageEvent in events)
        {
            // An impression says a box was seen on the page, not that the page was read: click-through counts it.
            if (pageEvent.Action == EventAction.Impression || PageHistory.HourOf(pageEvent.Time) <= nowHour - RetainedHours) continue;
            var key = RecentEventIds.KeyOf(pageEvent.Site, pageEvent.Id);
            if (seen.Contains(key) || !inBatch.Add(key)) continue;
            fresh.Add(pageEvent);
            keys.Add(key);
        }
        return (fresh, keys);
    }

    /// <summary>Every site's lists ranked among all its pages, and old hours forgotten; run by the timer.</summary>
    void RankInFull()
    {
        writeLock.Wait();
        try
        {
            if (disposed) return;
            var now = clock.GetUtcNow();
            if (!PrunedOnANewHour(now)) Volatile.Write(ref published, RankedInFull(published.Select(site => KeyValuePair.Create(site.Key, site.Value.Pages)), now));
        }
        finally
        {
            writeLock.Release();
        }
    }

    static ImmutableDictionary<string, SiteEngagement> RankedInFull(IEnumerable<KeyValuePair<string, ImmutableDictionary<string, PageHistory>>> sites, DateTimeOffset now) =>
        sites.ToImmutableDictionary(site => site.Key, site => SiteEngagement.Listed(site.Value, site.Value.Keys, now), StringComparer.Ordinal);

    /// <summary>
    /// On the first call of an hour, forgets the hours that left the week, on disk and in memory, and publishes the
    /// sites ranked in full; says whether it did.
    /// </summary>
    bool PrunedOnANewHour(DateTimeOffset now)
    {
        var nowHour = PageHistory.HourOf(now);
        if (nowHour == prunedAtHour) return false;
        var cutoff = nowHour - RetainedHours;
        database.Prune(cutoff);
        prunedAtHour = nowHour;
        Volatile.Write(ref published, RankedInFull(published.Select(site => KeyValuePair.Create(site.Key, site.Value.Pages
            .Select(page => KeyValuePair.Create(page.Key, page.Value.After(cutoff)))
            .Where(page => page.Value is not null)
            .ToImmutableDictionary(page => page.Key, page => page.Value!, StringComparer.Ordinal))), now));
        return true;
    }
}
