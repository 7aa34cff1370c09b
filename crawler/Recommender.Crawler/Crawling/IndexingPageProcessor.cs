using Recommender.Core.Articles;
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
        var fetchedUrl = new Uri(page.FinalUrl);
        var article = extractor.Extract(page.Html, fetchedUrl).ToArticle(request.Site, fetchedUrl);
        // An empty extraction is a failed crawl to retry, not an article to recommend.
        if (article.Title.Length == 0 && article.Text.Length == 0)
            throw new InvalidDataException($"no article title or text could be extracted from {page.FinalUrl}");
        var outcome = index.Upsert(article);
        // The page may have been asked for at another address than its canonical one.
        foreach (var address in new[] { request.Url, page.FinalUrl }.Select(CanonicalUrl.Normalize).OfType<string>().Distinct())
            index.AddAlias(request.Site, address, article.Url);
        // Searchable before the crawl queue lets the page go: a request for it meanwhile would find it
        // missing from the index and crawl it again (and a new article is recommendable sooner).
        index.Refresh();
        onIndexed?.Invoke(request, outcome);
        return Task.CompletedTask;
    }
}
