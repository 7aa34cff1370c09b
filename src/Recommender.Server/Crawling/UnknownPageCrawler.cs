using Recommender.Core.Indexing;
using Recommender.Crawler.Crawling;

namespace Recommender.Server.Crawling;

/// <summary>
/// Queues a crawl of a page the index does not have yet, the first time anything mentions it. A server
/// node of a Kafka set-up has no crawl queue (<paramref name="queue"/> is null): the crawler process crawls
/// the pages that the events stream names, and a page asked about is a page being viewed.
/// </summary>
public sealed class UnknownPageCrawler(ArticleIndex index, CrawlQueue? queue = null)
{
    public void CrawlIfUnknown(string site, string url)
    {
        if (queue is not null && !index.Contains(site, url)) queue.Enqueue(new CrawlRequest(site, url), CrawlSource.Asked);
    }
}
