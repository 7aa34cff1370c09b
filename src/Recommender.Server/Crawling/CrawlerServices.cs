using Recommender.Core.Events;
using Recommender.Crawler.Crawling;
using Recommender.Crawler.Extraction;
using Recommender.Crawler.Fetching;
using Recommender.Server.Sites;

namespace Recommender.Server.Crawling;

/// <summary>
/// The crawler: a crawl queue fed by the events stream (crawl on first view) and by requests for unknown
/// pages, run by a hosted service. It runs inside the server on the embedded default and as its own
/// process (<c>recommender crawler</c>) with Kafka; the caller registers the <see cref="ICrawledPageProcessor"/>
/// that decides where a crawled article goes.
/// </summary>
public static class CrawlerServices
{
    public static void Add(IServiceCollection services, IConfiguration configuration, DataFolder data)
    {
        var crawler = CrawlerSettings.Read(configuration);
        services.AddSingleton(crawler);
        services.AddSingleton(provider => new PageFetcher(crawler, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton(provider => new CrawlFailureLog(data.Crawl, crawler, provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ArticleExtractor>();
        services.AddSingleton(provider => new CrawlQueue(
            provider.GetRequiredService<PageFetcher>(),
            provider.GetRequiredService<ICrawledPageProcessor>(),
            provider.GetRequiredService<CrawlFailureLog>(),
            provider.GetRequiredService<SiteDirectory>().Find,
            crawler,
            provider.GetRequiredService<ILogger<CrawlQueue>>()));
        services.AddSingleton<UnknownPageCrawler>();
        services.AddHostedService<CrawlWorker>();
        services.AddSingleton<IEventProcessor, CrawlOnFirstView>();
    }
}
