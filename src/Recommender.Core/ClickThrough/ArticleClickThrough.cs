using System.Collections.Concurrent;
using System.Collections.Immutable;
using Recommender.Core.Events;

namespace Recommender.Core.ClickThrough;

/// <summary>
/// Each article's click-through in a site's recommendation boxes, learnt from the events stream: an <c>impression</c>
/// event that lists the items it showed counts each as shown once, and a pageview that came by a box's link (its
/// <see cref="PageEvent.RecId"/> with a position) counts a click on the page it landed on. <c>/rank</c> blends it with
/// the reader's interest (<see cref="ClickThroughBlend"/>).
/// </summary>
/// <remarks>
/// A site's counts are those of its latest <c>itemsPerSite</c> items shown or clicked (a window, the oldest forgotten
/// first), so they follow what readers click now and stay bounded: about 100 bytes an item, 20 MB a site at the
/// default. Each batch of events publishes the site's counts as an immutable map, swapped whole, so a request reads
/// them without a lock. A redelivered event counts once while it is among the latest <see cref="RememberedEvents"/>.
/// </remarks>
public sealed class ArticleClickThrough(int itemsPerSite = ArticleClickThrough.DefaultItemsPerSite) : IEventProcessor
{
    public const int DefaultItemsPerSite = 200_000;
    const int RememberedEvents = 100_000;

    readonly ConcurrentDictionary<string, SiteWindow> _sites = new(StringComparer.Ordinal);
    readonly RecentEventIds _seen = new(RememberedEvents);

    public Task ProcessAsync(IReadOnlyList<PageEvent> events, CancellationToken ct)
    {
        var changed = new HashSet<SiteWindow>();
        foreach (var e in events)
        {
            var items = e.Action switch
            {
                EventAction.Impression when e.ItemUrls is { Count: > 0 } shown => shown.Select(url => (url, Click: false)),
                EventAction.Pageview when RecommendationId.Parse(e.RecId) is { Position: not null } => [(e.Url, Click: true)],
                _ => null,
            };
            if (items is null || !_seen.Add(e.Site, e.Id)) continue;
            var window = _sites.GetOrAdd(e.Site, _ => new SiteWindow(itemsPerSite));
            foreach (var (url, click) in items) window.Add(url, click);
            changed.Add(window);
        }
        foreach (var window in changed) window.Publish();
        return Task.CompletedTask;
    }

    /// <summary>The site's counts as of the last batch of events that named it; empty before any.</summary>
    public ClickThroughRates For(string site) => _sites.TryGetValue(site, out var window) ? window.Published : ClickThroughRates.Empty;

    /// <summary>One site's window: written by the events consumer only, read through <see cref="Published"/>.</summary>
    sealed class SiteWindow(int capacity)
    {
        readonly Queue<(string Url, bool Click)> _order = new();
        readonly ImmutableDictionary<string, (int Shown, int Clicks)>.Builder _counts = ImmutableDictionary.CreateBuilder<string, (int, int)>(StringComparer.Ordinal);
        ClickThroughRates _published = ClickThroughRates.Empty;

        public ClickThroughRates Published => Volatile.Read(ref _published);

        public void Add(string url, bool click)
        {
            // The key already counted is kept, so that the window holds one copy of each URL.
            if (_counts.TryGetKey(url, out var key)) url = key;
            Count(url, click, +1);
            _order.Enqueue((url, click));
            if (_order.Count <= capacity) return;
            var (oldest, wasClick) = _order.Dequeue();
            Count(oldest, wasClick, -1);
        }

        void Count(string url, bool click, int change)
        {
            var (shown, clicks) = _counts.GetValueOrDefault(url);
            (shown, clicks) = click ? (shown, clicks + change) : (shown + change, clicks);
            if (shown == 0 && clicks == 0) _counts.Remove(url);
            else _counts[url] = (shown, clicks);
        }

        // The builder hands out an immutable map that shares every node the next batch does not change.
        public void Publish() => Volatile.Write(ref _published, new ClickThroughRates(_counts.ToImmutable()));
    }
}

/// <summary>A site's articles' counts in its boxes at one moment: times shown and clicks, by URL.</summary>
public sealed class ClickThroughRates(IReadOnlyDictionary<string, (int Shown, int Clicks)> counts)
{
    public static readonly ClickThroughRates Empty = new(ImmutableDictionary<string, (int, int)>.Empty);

    public (int Shown, int Clicks) CountsOf(string url) => counts.GetValueOrDefault(url);

    /// <summary>The article's clicks ÷ (times shown + 1): 0 for an article never clicked; see <see cref="Rate(int, int)"/>.</summary>
    public double RateOf(string url)
    {
        var (shown, clicks) = counts.GetValueOrDefault(url);
        return Rate(clicks, shown);
    }

    /// <summary>
    /// Clicks ÷ (times shown + 1): one showing more than counted, so that an article shown once and clicked once (0.5)
    /// does not outrank one clicked 30 times in 40 (0.73).
    /// </summary>
    public static double Rate(int clicks, int shown) => clicks / (shown + 1.0);
}
