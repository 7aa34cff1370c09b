using Recommender.Server.Sites;

namespace Recommender.Server.Streaming.Kafka;

/// <summary>The crawler as its own process in the Kafka set-up, composed as a host without HTTP endpoints.</summary>
public static class CrawlerProcess
{
    /// <param name="customize">Applied last, so tests can replace a service or add configuration; the command passes nothing.</param>
    /// <exception cref="InvalidOperationException"><c>Kafka:BootstrapServers</c> is not set: the embedded server crawls by itself.</exception>
    public static IHost Build(string dataDirectory, string[] configurationArgs, Action<HostApplicationBuilder>? customize = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            Args = configurationArgs,
            ContentRootPath = AppContext.BaseDirectory,
        });
        var data = new DataFolder(Path.GetFullPath(dataDirectory));
        builder.Configuration.AddDataFolder(data.Root);
        var kafka = KafkaOptions.From(builder.Configuration)
            ?? throw new InvalidOperationException("The crawler process needs Kafka:BootstrapServers; without Kafka, `recommender serve` crawls by itself.");
        builder.Services.AddSingleton(data);
        builder.Services.AddSingleton(TimeProvider.System);
        SiteDirectory.AddTo(builder.Services);
        RecommenderApp.AddArticleIndex(builder.Services, data);
        KafkaServices.AddCrawlerProcess(builder.Services, builder.Configuration, data, kafka);
        customize?.Invoke(builder);
        return builder.Build();
    }
}
