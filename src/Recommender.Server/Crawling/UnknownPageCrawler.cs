using Recommender.Core.Indexing;
using Recommender.Crawler.Crawling;

namespace Recommender.Server.Crawling;

/// <summary>Queues a crawl of a page the index does not have yet, the first time anything mentions it.</summary>
public sealed class UnknownPageCrawler(ArticleIndex index, CrawlQueue queue)
{
    public void CrawlIfUnknown(string site, string url)
    {
        if (!index.Contains(site, url)) queue.Enqueue(new CrawlRequest(site, url));
    }
}
