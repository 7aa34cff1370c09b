using System.Text.Json;
using System.Text.Json.Serialization;
using Recommender.Core.Indexing;
using Recommender.Core.Recommendations;
using Recommender.Crawler.Crawling;
using Recommender.Server.Admin;
using Recommender.Server.Caching;
using Recommender.Server.ClickThrough;
using Recommender.Server.Crawling;
using Recommender.Server.Demo;
using Recommender.Server.Digests;
using Recommender.Server.Events;
using Recommender.Server.Engagement;
using Recommender.Server.Metrics;
using Recommender.Server.Profiles;
using Recommender.Server.Ranking;
using Recommender.Server.RateLimiting;
using Recommender.Server.Related;
using Recommender.Server.Requests;
using Recommender.Server.Search;
using Recommender.Server.Semantic;
using Recommender.Server.Sites;
using Recommender.Server.Streaming.Kafka;
using Recommender.Server.Tag;
using Recommender.Server.Trending;

namespace Recommender.Server;

/// <summary>Composes the server: services, configuration and endpoints.</summary>
public static class RecommenderApp
{
    /// <param name="customize">
    /// Applied after the server's own configuration and services, so tests can replace a service (the clock)
    /// or add a configuration source; the server itself passes nothing.
    /// </param>
    public static WebApplication Build(ServerSettings settings, string[] configurationArgs, Action<WebApplicationBuilder>? customize = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = configurationArgs,
            ContentRootPath = AppContext.BaseDirectory,
        });
        var data = new DataFolder(Path.GetFullPath(settings.DataDirectory));
        builder.Configuration.AddDataFolder(data.Root);
        builder.WebHost.UseUrls(settings.Urls);
        AddServices(builder.Services, builder.Configuration, data);
        builder.AddServiceDefaults();
        customize?.Invoke(builder);

        var app = builder.Build();
        // Bad site settings stop the start here, naming the key, rather than at the first request.
        app.Services.GetRequiredService<SiteDirectory>();
        app.UseNoSniff();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseCors();
        app.UseRateLimiter();
        app.MapOpenApi();
        app.MapDefaultEndpoints();
        var reads = app.MapGroup("").RequireRateLimiting(RateLimits.Reads);
        reads.MapRelated();
        reads.MapRanking();
        reads.MapSearch();
        reads.MapEngagement();
        reads.MapTrending();
        reads.MapClickThrough();
        var backend = app.MapGroup("").RequireRateLimiting(RateLimits.Trainings);
        backend.MapProfiles();
        backend.MapAdmin();
        backend.MapDigests();
        app.MapGroup("").RequireRateLimiting(RateLimits.Events).MapEvents();
        app.MapTag();
        SampleCatalogue.LoadIfEmpty(app, data);
        app.MapDemoSite();
        return app;
    }

    static void AddServices(IServiceCollection services, IConfiguration configuration, DataFolder data)
    {
        services.AddProblemDetails();
        services.AddOpenApi(ResponseHeaders.WithoutServers);
        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull;
            // Every list answer through generated metadata, where reflection's cost 2.7 % of a personalised request (with
            // the XxHash128 ETag, the listing alone costs 0.74 of what it did; docs/BENCHMARKS.md, h-http6).
            json.SerializerOptions.TypeInfoResolverChain.Insert(0, ListingJson.Default);
        });
        services.AddSingleton(data);
        services.AddSingleton(TimeProvider.System);
        SiteDirectory.AddTo(services);

        AddArticleIndex(services, data);
        services.AddProfilesAndListingCache(configuration, data);
        services.AddExceptionHandler<ProfileStoreUnavailableHandler>();
        services.AddExceptionHandler<BadRequestBodyHandler>();
        RateLimits.AddTo(services);
        services.AddSingleton(new ProfileQueryBuilder(configuration.GetSection("Recommendations").Get<ProfileQueryOptions>() ?? new()));
        services.AddSingleton<RelatedArticles>();
        services.AddSingleton<SiteMaintenance>();
        services.AddSingleton<CandidateRanking>();
        services.AddDigests(data);

        EventServices.AddIngest(services, configuration);
        EventServices.AddProcessors(services);
        if (KafkaOptions.From(configuration) is { } kafka)
        {
            KafkaServices.AddServerNode(services, kafka);
        }
        else
        {
            CrawlerServices.Add(services, configuration, data);
            services.AddSingleton<ICrawledPageProcessor, IndexingPageProcessor>();
            EventServices.AddEmbedded(services, configuration);
        }
    }

    /// <summary>The node's own article index in its data folder.</summary>
    internal static void AddArticleIndex(IServiceCollection services, DataFolder data) =>
        services.AddSingleton(provider => ArticleIndex.Open(data.Index, new ArticleIndexOptions
        {
            OnBackgroundError = error => provider.GetRequiredService<ILogger<ArticleIndex>>().LogError(error, "Index refresh or commit failed"),
            Embedder = SemanticLayer.Embedder(provider.GetRequiredService<IConfiguration>(), provider.GetRequiredService<SiteDirectory>()),
            SiteLanguage = site => provider.GetRequiredService<SiteDirectory>().Find(site)?.Language,
        }));
}
