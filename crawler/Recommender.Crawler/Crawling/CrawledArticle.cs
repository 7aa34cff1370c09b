using Recommender.Core.Articles;
using Recommender.Core.Indexing;
using Recommender.Crawler.Extraction;
using Recommender.Crawler.Fetching;

namespace Recommender.Crawler.Crawling;

/// <summary>
/// The article extracted from a fetched page, with the other addresses that lead to it (the address asked
/// for and the one redirected to, when they differ from the canonical URL): what the crawler indexes, or
/// publishes to the <c>articles</c> topic when it runs as its own process.
/// </summary>
public sealed record CrawledArticle(Article Article, IReadOnlyList<string> Aliases)
{
    /// <exception cref="InvalidDataException">Neither a title nor a text could be extracted: a failed crawl to retry.</exception>
    public static CrawledArticle Extract(ArticleExtractor extractor, CrawlRequest request, FetchedPage page)
    {
        var fetchedUrl = new Uri(page.FinalUrl);
        var article = extractor.Extract(page.Html, fetchedUrl).ToArticle(request.Site, fetchedUrl);
        // An empty extraction is a failed crawl to retry, not an article to recommend.
        if (article.Title.Length == 0 && article.Text.Length == 0)
            throw new InvalidDataException($"no article title or text could be extracted from {page.FinalUrl}");
        // The page may have been asked for at another address than its canonical one.
        var aliases = new[] { request.Url, page.FinalUrl }
            .Select(CanonicalUrl.Normalize).OfType<string>().Where(address => address != article.Url).Distinct().ToList();
        return new CrawledArticle(article, aliases);
    }

    /// <summary>Adds or replaces the article and records its aliases; doing it twice leaves the index as once.</summary>
    public UpsertOutcome IndexInto(ArticleIndex index)
    {
        var outcome = index.Upsert(Article);
        foreach (var alias in Aliases) index.AddAlias(Article.Site, alias, Article.Url);
        return outcome;
    }
}
