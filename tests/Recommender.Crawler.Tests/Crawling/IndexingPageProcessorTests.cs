using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Recommender.Core.Indexing;
using Recommender.Crawler.Crawling;
using Recommender.Crawler.Extraction;
using Recommender.Crawler.Fetching;
using Recommender.Crawler.Tests.Fetching;
using Recommender.Tests;

namespace Recommender.Crawler.Tests.Crawling;

/// <summary>The embedded crawl path end to end: a loopback site, the real queue, extraction and the index.</summary>
public sealed class IndexingPageProcessorTests : IDisposable
{
    const string SiteKey = "news";
    readonly string dataDirectory = Directory.CreateTempSubdirectory("crawl-index-").FullName;

    public void Dispose() => Directory.Delete(dataDirectory, recursive: true);

    /// <summary>Crawls one page of <paramref name="site"/> through the real queue into <paramref name="index"/>.</summary>
    static async Task CrawlAsync(TestSite site, string path, ArticleIndex index, CrawlFailureLog failures)
    {
        var options = PageFetcherTests.TestOptions();
        using var fetcher = new PageFetcher(options);
        var queue = new CrawlQueue(fetcher, new IndexingPageProcessor(new ArticleExtractor(), index), failures, _ => site.Site, options);
        using var stop = new CancellationTokenSource();
        var running = queue.RunAsync(stop.Token);

        queue.Enqueue(new CrawlRequest(SiteKey, site.Url(path)));
        await queue.WhenIdleAsync().WaitAsync(TimeSpan.FromSeconds(10));
        await stop.CancelAsync();
        await running;
        index.Refresh();
    }

    [Fact]
    public async Task A_page_reached_at_other_addresses_is_indexed_once_under_its_canonical_url_and_found_by_each()
    {
        await using var site = await TestSite.StartAsync(app =>
        {
            app.MapGet("/old/story", () => Results.Redirect("/story?utm_source=feed"));
            app.MapGet("/story", (HttpContext context) => Results.Content($"""
                <html lang="en"><head><title>Harbour bridge reopens</title>
                <link rel="canonical" href="{context.Request.Scheme}://{context.Request.Host}/news/harbour-bridge">
                <meta property="article:section" content="Local"></head>
                <body><article><h1>Harbour bridge reopens</h1>
                <p>The harbour bridge reopened to traffic on Monday after eight months of repairs to its cables and deck.</p>
                <p>Engineers said the new cables should last forty years, and tolls will stay at their old level until spring.</p>
                </article></body></html>
                """, "text/html; charset=utf-8"));
        });
        using var index = ArticleIndex.Open(Path.Combine(dataDirectory, "index"));
        using var failures = new CrawlFailureLog(dataDirectory, PageFetcherTests.TestOptions());
        await CrawlAsync(site, "/old/story", index, failures);

        var canonical = site.Url("/news/harbour-bridge");
        Assert.Equal(1, index.Count(SiteKey));
        var all = index.Search(null, new ArticleFilter { Site = SiteKey }, 0, 5, ArticleSort.Score).Hits.Select(h => h.Article.Url + " " + h.Article.Section);
        Assert.Equal(canonical + " Local", string.Join(",", all));
        Assert.True(index.Contains(SiteKey, site.Url("/old/story")));
        Assert.True(index.Contains(SiteKey, site.Url("/story")));
        Assert.Contains("forty years", index.Get(SiteKey, site.Url("/old/story"))?.Text);
    }

    [Fact]
    public async Task A_page_with_nothing_to_extract_is_a_recorded_failure_not_an_empty_article()
    {
        await using var site = await TestSite.StartAsync(app =>
            app.MapGet("/empty", () => Results.Content("<html><body><script>app()</script></body></html>", "text/html")));
        using var index = ArticleIndex.Open(Path.Combine(dataDirectory, "index"));
        using var failures = new CrawlFailureLog(dataDirectory, PageFetcherTests.TestOptions());
        await CrawlAsync(site, "/empty", index, failures);

        Assert.Equal(0, index.Count(SiteKey));
        Assert.Equal(FetchFailureReason.ProcessingFailed, failures.Find(SiteKey, site.Url("/empty"))?.Reason);
    }
}
