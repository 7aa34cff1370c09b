using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http.Features;
using Recommender.Server.Metrics;
using Recommender.Server.Sites;

namespace Recommender.Server.Streaming.Kafka;

/// <summary>
/// The crawler as its own process in the Kafka set-up. It answers HTTP only with <c>Metrics:Url</c> set, and
/// there only <c>/metrics</c> (its crawl queue, crawl failures, Kafka consumer lag and its index of crawled pages).
/// </summary>
public static class CrawlerProcess
{
    /// <param name="customize">Applied last, so tests can replace a service or add configuration; the command passes nothing.</param>
    /// <exception cref="InvalidOperationException"><c>Kafka:BootstrapServers</c> is not set: the embedded server crawls by itself.</exception>
    public static IHost Build(string dataDirectory, string[] configurationArgs, Action<IHostApplicationBuilder>? customize = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
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
        var metrics = MetricsOptions.From(builder.Configuration);
        var serveMetrics = metrics is { Enabled: true, Url: not null };
        if (serveMetrics) builder.AddMetricsExport();
        else builder.Services.AddSingleton<IServer, NoHttpServer>();
        customize?.Invoke(builder);

        var app = builder.Build();
        if (serveMetrics) app.MapMetrics();
        return app;
    }

    /// <summary>Without <c>Metrics:Url</c> the crawler listens nowhere (Kestrel would take a default port).</summary>
    sealed class NoHttpServer : IServer
    {
        public IFeatureCollection Features { get; } = new FeatureCollection();

        public Task StartAsync<TContext>(IHttpApplication<TContext> application, CancellationToken cancellationToken) where TContext : notnull =>
            Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public void Dispose()
        {
        }
    }
}
