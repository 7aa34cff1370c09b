using Recommender.Core.Indexing;
using Recommender.Crawler.Extraction;
using Recommender.Crawler.Fetching;

namespace Recommender.Crawler.Crawling;

/// <summary>The embedded crawler's processor: extracts the article from a fetched page and indexes it.</summary>
public sealed class IndexingPageProcessor(ArticleExtractor extractor, ArticleIndex index) : ICrawledPageProcessor
{
    public Task ProcessAsync(CrawlRequest request, FetchedPage page, CancellationToken ct)
    {
        var fetchedUrl = new Uri(page.FinalUrl);
        index.Upsert(extractor.Extract(page.Html, fetchedUrl).ToArticle(request.Site, fetchedUrl));
        return Task.CompletedTask;
    }
}
