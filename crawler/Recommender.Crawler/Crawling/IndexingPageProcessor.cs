using Recommender.Core.Indexing;
using Recommender.Crawler.Extraction;
using Recommender.Crawler.Fetching;

namespace Recommender.Crawler.Crawling;

/// <summary>
/// The embedded crawler's processor: extracts the article from a fetched page and indexes it.
/// <paramref name="onIndexed"/> hears of every indexed article (the importer counts them).
/// </summary>
public sealed class IndexingPageProcessor(ArticleExtractor extractor, ArticleIndex index, Action<CrawlRequest, UpsertOutcome>? onIndexed = null)
    : ICrawledPageProcessor
{
    public Task ProcessAsync(CrawlRequest request, FetchedPage page, CancellationToken ct)
    {
        var outcome = CrawledArticle.Extract(extractor, request, page).IndexInto(index);
        // Searchable before the crawl queue lets the page go: a request for it meanwhile would find it
        // missing from the index and crawl it again (and a new article is recommendable sooner).
        index.Refresh();
        onIndexed?.Invoke(request, outcome);
        return Task.CompletedTask;
    }
}
