using System.Diagnostics.Metrics;
using Recommender.Core.Events;
using Recommender.Core.Indexing;
using Recommender.Crawler.Crawling;

namespace Recommender.Server.Metrics;

/// <summary>
/// Gauges over this node's own services, read at each scrape: the index, and the crawl queue and embedded events
/// stream where the node has them. Counters live beside what they count (the response cache, the events ingest,
/// the crawl failure log, the Kafka consumer, Redis errors).
/// </summary>
static class NodeGauges
{
    public static void Register(IServiceProvider services)
    {
        // Meters of the node's service provider, disposed with it, as the services they read are.
        var meters = services.GetRequiredService<IMeterFactory>();

        var index = services.GetRequiredService<ArticleIndex>();
        var indexMeter = meters.Create("Recommender.Index");
        indexMeter.CreateObservableGauge("recommender.index.documents", () => index.ArticleCount,
            "{article}", "Articles searchable in this node's index");
        indexMeter.CreateObservableGauge("recommender.index.segments", () => index.SegmentCount,
            "{segment}", "Segments of the index; every search pays per segment");
        indexMeter.CreateObservableGauge("recommender.index.refresh_lag", () => index.RefreshLag.TotalSeconds,
            "s", "At most how long the oldest write not yet searchable has waited; 0 when every write is searchable");

        if (services.GetService<CrawlQueue>() is { } queue)
        {
            var crawlerMeter = meters.Create(CrawlFailureLog.MeterName);
            crawlerMeter.CreateObservableGauge("recommender.crawler.queue_depth", () => queue.PendingCount,
                "{page}", "Pages waiting to be crawled or being crawled");
            crawlerMeter.CreateObservableGauge("recommender.crawler.failing_pages", () => queue.Failures.Count,
                "{page}", "Pages whose last crawl failed, waiting for their retry");
        }

        if (services.GetService<ChannelEventStream>() is { } stream)
        {
            meters.Create(Events.IngestCounters.MeterName).CreateObservableGauge("recommender.events.backlog", () => stream.Count,
                "{event}", "Events accepted and not processed yet (the embedded queue; lost if the process is killed)");
        }
    }
}
