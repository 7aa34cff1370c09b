namespace Recommender.Crawler.Crawling;

/// <summary>A page to crawl: <see cref="Site"/> is the key of the site it belongs to (<c>Sites:{key}</c>).</summary>
public sealed record CrawlRequest(string Site, string Url);

/// <summary>What the crawl queue does with a fetched page (extract the article, index it).</summary>
public interface ICrawledPageProcessor
{
    Task ProcessAsync(CrawlRequest request, Fetching.FetchedPage page, CancellationToken ct);
}

public enum EnqueueResult
{
    Queued,
    /// <summary>The same page is already waiting or being crawled.</summary>
    AlreadyPending,
    InvalidUrl,
    /// <summary>The page failed recently and its retry is not due yet.</summary>
    RetryNotDue,
    QueueFull,
    /// <summary>A page only asked about: its site has <see cref="Fetching.CrawlerOptions.MaxAskedPerSite"/> such pages waiting already.</summary>
    SiteBudgetSpent,
}

/// <summary>Why a page is to be crawled, which decides its turn: pages readers view go before those only asked about.</summary>
public enum CrawlSource
{
    /// <summary>An event named it: a reader is on it.</summary>
    Viewed,

    /// <summary>A request named it (<c>/related?url=</c>, a training) or its retry is due: anyone may ask about any URL.</summary>
    Asked,
}
