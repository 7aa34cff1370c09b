using Recommender.Core.Events;

namespace Recommender.Server.Events;

/// <summary>Registers the events stream and the consumer that hands its events to every <see cref="IEventProcessor"/>.</summary>
public static class EventServices
{
    public const string SectionName = "Events";

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
