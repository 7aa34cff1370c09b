using Recommender.Core.Articles;
using Recommender.Core.Importing;
using Recommender.Core.Indexing;
using Recommender.Core.Sites;
using Recommender.Crawler.Crawling;
using Recommender.Crawler.Extraction;
using Recommender.Crawler.Fetching;

namespace Recommender.Server.Importing;

/// <summary>
/// Imports a list of page URLs (one per line) by crawling them, with the crawler's politeness rules;
/// a page that fails is reported with the crawler's reason and stays in the failure log for retries.
/// </summary>
public sealed class UrlListImporter(ArticleIndex index, DataFolder data, CrawlerOptions options)
{
    public async Task<ImportReport> ImportAsync(string site, SiteOptions siteOptions, IReadOnlyList<string> lines,
        Action<int> onProgress, CancellationToken cancel)
    {
        var report = new ImportReport();
        var lineOf = new Dictionary<string, int>();
        for (var i = 0; i < lines.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i])) continue;
            if (CanonicalUrl.Normalize(lines[i]) is { } url) lineOf.TryAdd(url, i + 1);
            else report.Fail(i + 1, $"not an absolute http(s) URL: {lines[i].Trim()}");
        }

        using var fetcher = new PageFetcher(options);
        using var failures = new CrawlFailureLog(data.Crawl, options);
        var indexed = new HashSet<string>();
        var processor = new IndexingPageProcessor(new ArticleExtractor(), index, (request, outcome) =>
        {
            lock (report)
            {
                report.Count(outcome, new Uri(request.Url).Host);
                indexed.Add(request.Url);
            }
        });
        var queue = new CrawlQueue(fetcher, processor, failures, _ => siteOptions, options);

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var workers = queue.RunAsync(stop.Token);
        // A page that failed recently is not fetched again before its retry is due; it is reported below.
        foreach (var url in lineOf.Keys) queue.Enqueue(new CrawlRequest(site, url));

        var idle = queue.WhenIdleAsync(cancel);
        while (!idle.IsCompleted)
        {
            onProgress(lineOf.Count - queue.PendingCount);
            await Task.WhenAny(idle, Task.Delay(TimeSpan.FromMilliseconds(200), cancel));
        }
        await idle;
        onProgress(lineOf.Count);
        await stop.CancelAsync();
        await workers;

        foreach (var (url, line) in lineOf.Where(u => !indexed.Contains(u.Key)))
        {
            report.Fail(line, failures.Find(site, url) is { } failure
                ? $"{failure.Reason}: {failure.Detail} (next retry at {failure.RetryAt:u})"
                : "not crawled");
        }
        return report;
    }
}
