using Microsoft.AspNetCore.Cors.Infrastructure;
using Recommender.Core.ClickThrough;
using Recommender.Core.Engagement;
using Recommender.Core.Events;
using Recommender.Server.Crawling;
using Recommender.Server.Profiles;
using Recommender.Server.Sites;

namespace Recommender.Server.Events;

/// <summary>Registers the events stream and the consumer that hands its events to every <see cref="IEventProcessor"/>.</summary>
public static class EventServices
{
    public const string SectionName = "Events";

    /// <summary><c>POST /events</c> and CORS for the sites' pages, whichever stream takes the events.</summary>
    public static void AddIngest(IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(configuration.GetSection(SectionName).Get<EventLimits>() ?? new());
        services.AddSingleton<EventIngest>();
        services.AddSingleton<IngestCounters>();
        services.AddCors();
        services.AddSingleton<ICorsPolicyProvider, SiteOrigins>();
    }

    /// <summary>
    /// The consumers of the events stream on every server node: engagement signals, click-through (per answer and per
    /// article), auto-training and co-reading (crawl
    /// on first view comes with the crawler, see <see cref="CrawlerServices"/>). A consumer is registered
    /// once as itself and once as an <see cref="IEventProcessor"/>.
    /// </summary>
    public static void AddProcessors(IServiceCollection services)
    {
        services.AddSingleton(provider => new EngagementSignals(
            provider.GetRequiredService<DataFolder>().Engagement,
            provider.GetRequiredService<SiteDirectory>().Find,
            provider.GetRequiredService<TimeProvider>()));
        services.AddSingleton<IEventProcessor>(provider => provider.GetRequiredService<EngagementSignals>());
        services.AddSingleton(provider => new ClickThroughCounts(
            provider.GetRequiredService<DataFolder>().Engagement, provider.GetRequiredService<SiteDirectory>().Find));
        services.AddSingleton<IEventProcessor>(provider => provider.GetRequiredService<ClickThroughCounts>());
        services.AddSingleton(new ArticleClickThrough());
        services.AddSingleton<IEventProcessor>(provider => provider.GetRequiredService<ArticleClickThrough>());
        services.AddSingleton<IEventProcessor, AutoTraining>();
        CoReading.CoReadingRefresh.AddTo(services);
    }

    /// <summary>The embedded default: a bounded in-process queue drained by a hosted service of the server.</summary>
    public static void AddEmbedded(IServiceCollection services, IConfiguration configuration)
    {
        var capacity = configuration.GetSection(SectionName).GetValue("Capacity", 100_000);
        services.AddSingleton(new ChannelEventStream(capacity));
        services.AddSingleton<IEventStream>(provider => provider.GetRequiredService<ChannelEventStream>());
        services.AddSingleton<EventDispatcher>();
        services.AddHostedService<EmbeddedEventWorker>();
    }
}
