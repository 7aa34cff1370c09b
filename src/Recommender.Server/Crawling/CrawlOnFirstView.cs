using Recommender.Core.Events;
using Recommender.Core.Indexing;
using Recommender.Crawler.Crawling;
using Recommender.Crawler.Fetching;

namespace Recommender.Server.Crawling;

/// <summary>
/// Crawls a page the first time an event names it and the index does not have it, and crawls articles
/// that still get traffic again by policy (every <see cref="CrawlerOptions.RecrawlEvery"/> for
/// <see cref="CrawlerOptions.RecrawlFor"/> after publication), so edits and new tags show. The crawl
/// queue keeps one crawl per page in flight, so redelivered events queue nothing twice.
/// </summary>
public sealed class CrawlOnFirstView(ArticleIndex index, CrawlQueue queue, CrawlerOptions options, TimeProvider clock) : IEventProcessor
{
    /// <summary>Indexed articles young enough to be crawled again, with when they were last queued (or first seen).</summary>
    readonly Dictionary<(string Site, string Url), Recrawl> young = [];

    public Task ProcessAsync(IReadOnlyList<PageEvent> events, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        foreach (var page in events.Select(e => (e.Site, e.Url)).Distinct())
        {
            if (young.TryGetValue(page, out var recrawl))
            {
                if (now - recrawl.PubDate >= options.RecrawlFor) young.Remove(page);
                else if (now - recrawl.LastQueued >= options.RecrawlEvery && Queue(page)) young[page] = recrawl with { LastQueued = now };
            }
            else if (index.Get(page.Site, page.Url) is not { } article)
            {
                Queue(page);
            }
            else if (article.PubDate is { } published && now - published < options.RecrawlFor)
            {
                // This process has not crawled it: it counts as fresh from now, not as due at once.
                young[page] = new Recrawl(published, now);
            }
        }
        return Task.CompletedTask;
    }

    bool Queue((string Site, string Url) page) => queue.Enqueue(new CrawlRequest(page.Site, page.Url)) == EnqueueResult.Queued;

    sealed record Recrawl(DateTimeOffset PubDate, DateTimeOffset LastQueued);
}
