using Recommender.Core.Events;
using Recommender.Crawler.Crawling;
using Recommender.Server.Crawling;
using Recommender.Server.Events;

namespace Recommender.Server.Streaming.Kafka;

/// <summary>The scale-out set-up, chosen by <c>Kafka:BootstrapServers</c>: server nodes and the crawler process around two topics.</summary>
public static class KafkaServices
{
    /// <summary>
    /// A server node: <c>/events</c> publishes to the events topic; the node reads it back in a group of its
    /// own for its engagement signals and auto-training, and reads the articles topic into its own index.
    /// It does not crawl: the crawler process does.
    /// </summary>
    public static void AddServerNode(IServiceCollection services, KafkaOptions kafka)
    {
        services.AddSingleton(kafka);
        services.AddSingleton<IEventStream, KafkaEventStream>();
        services.AddSingleton<UnknownPageCrawler>();
        AddConsumers(services, kafka, kafka.EventsGroup, kafka.ArticlesGroup);
    }

    /// <summary>
    /// The crawler process: reads the events topic in the crawler group, crawls pages it has not crawled and
    /// publishes the articles. It knows what is crawled by reading the articles topic into an index of its own.
    /// </summary>
    public static void AddCrawlerProcess(IServiceCollection services, IConfiguration configuration, DataFolder data, KafkaOptions kafka)
    {
        services.AddSingleton(kafka);
        CrawlerServices.Add(services, configuration, data);
        services.AddSingleton<ICrawledPageProcessor, ArticlePublisher>();
        AddConsumers(services, kafka, kafka.CrawlerGroup, $"{kafka.CrawlerGroup}-articles");
    }

    static void AddConsumers(IServiceCollection services, KafkaOptions kafka, string eventsGroup, string articlesGroup)
    {
        services.AddSingleton<EventDispatcher>();
        services.AddHostedService(provider => ActivatorUtilities.CreateInstance<EventsConsumer>(provider, kafka, eventsGroup));
        services.AddHostedService(provider => ActivatorUtilities.CreateInstance<ArticlesConsumer>(provider, kafka, articlesGroup));
    }
}
