using Recommender.Core.Events;
using Recommender.Core.Indexing;
using Recommender.Crawler.Crawling;
using Recommender.Crawler.Fetching;

namespace Recommender.Server.Crawling;

/// <summary>
/// Crawls a page the first time an event names it and the index does not have it, and crawls articles
/// that still get traffic again by policy (every <see cref="CrawlerOptions.RecrawlEvery"/> for
/// <see cref="CrawlerOptions.RecrawlFor"/> after publication), so edits and new tags show. The crawl
/// queue keeps one crawl per page in flight, so redelivered events queue nothing twice. Events come one
/// batch at a time, so no lock is needed.
/// </summary>
public sealed class CrawlOnFirstView(ArticleIndex index, CrawlQueue queue, CrawlerOptions options, TimeProvider clock) : IEventProcessor
{
    /// <summary>Pages remembered at most; past it, those never to be crawled again are forgotten first.</summary>
    const int MaxPages = 200_000;

    /// <summary>The pages seen, with when to crawl them again: null for never (old or undated articles).</summary>
    readonly Dictionary<(string Site, string Url), Recrawl?> seen = [];

    public Task ProcessAsync(IReadOnlyList<PageEvent> events, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var page in events.Select(e => (e.Site, e.Url)).Distinct())
        {
            if (!seen.TryGetValue(page, out var recrawl))
            {
                Remember(page, FirstSight(page, now));
                continue;
            }
            if (recrawl is null) continue;
            if (recrawl.PubDate is null)
            {
                // Queued for its first crawl: once indexed, it is young from that crawl on; until then the
                // queue decides when a failed crawl is tried again.
                if (!index.Contains(page.Site, page.Url))
                {
                    Queue(page);
                    continue;
                }
                seen[page] = recrawl = Young(page, recrawl.LastQueued, now);
                if (recrawl is null) continue;
            }
            if (now - recrawl.PubDate >= options.RecrawlFor) seen[page] = null;
            else if (now - recrawl.LastQueued >= options.RecrawlEvery && Queue(page)) seen[page] = recrawl with { LastQueued = now };
        }
        return Task.CompletedTask;
    }

    Recrawl? FirstSight((string Site, string Url) page, DateTimeOffset now)
    {
        if (index.Contains(page.Site, page.Url)) return Young(page, lastQueued: now, now); // indexed before: fresh from now
        Queue(page);
        return new Recrawl(null, now);
    }

    Recrawl? Young((string Site, string Url) page, DateTimeOffset lastQueued, DateTimeOffset now) =>
        index.Get(page.Site, page.Url)?.PubDate is { } published && now - published < options.RecrawlFor ? new Recrawl(published, lastQueued) : null;

    void Remember((string Site, string Url) page, Recrawl? recrawl)
    {
        if (seen.Count >= MaxPages)
        {
            foreach (var (key, value) in seen) if (value is null) seen.Remove(key);
            if (seen.Count >= MaxPages) seen.Clear();
        }
        seen[page] = recrawl;
    }

    bool Queue((string Site, string Url) page) => queue.Enqueue(new CrawlRequest(page.Site, page.Url)) == EnqueueResult.Queued;

    /// <param name="PubDate">Null while the page waits for its first crawl.</param>
    sealed record Recrawl(DateTimeOffset? PubDate, DateTimeOffset LastQueued);
}
