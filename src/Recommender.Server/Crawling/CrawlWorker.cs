using Recommender.Crawler.Crawling;

namespace Recommender.Server.Crawling;

/// <summary>Runs the crawl queue's workers inside the server, as the embedded default does.</summary>
public sealed class CrawlWorker(CrawlQueue queue) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => queue.RunAsync(stoppingToken);
}
