using Recommender.Server.Streaming.Kafka;
using Recommender.Server.Tests.Api;

namespace Recommender.Server.Tests.Streaming;

/// <remarks>
/// Alone, not beside other tests: the crawler's exporter hears every meter named Recommender.* in the process, so an
/// in-process server of another test made its index gauge read that server's 49 articles.
/// </remarks>
[Collection(Name)]
public sealed class CrawlerMetricsTests
{
    const string Name = "crawler metrics, alone in the process";

    [CollectionDefinition(Name, DisableParallelization = true)]
    public sealed class Alone;

    [Fact]
    public async Task The_crawler_process_serves_its_metrics_on_its_metrics_address_only()
    {
        using var cluster = new KafkaMockCluster();
        using var data = new TempDirectory();
        var address = $"http://127.0.0.1:{RecommenderProcess.FreePort()}";
        using var crawler = CrawlerProcess.Build(data.Path, [.. cluster.Arguments("crawler"), $"--Metrics:Url={address}"]);
        await crawler.StartAsync();
        try
        {
            using var scraper = new HttpClient { BaseAddress = new Uri(address) };
            var metrics = await PrometheusScrape.ScrapeAsync(scraper);

            Assert.Equal(0, metrics.Sum("recommender_crawler_queue_depth"));
            Assert.Equal(0, metrics.Sum("recommender_index_documents"));
            using var other = await scraper.GetAsync("/related");
            Assert.Equal(System.Net.HttpStatusCode.NotFound, other.StatusCode);
        }
        finally
        {
            await crawler.StopAsync();
        }
    }
}
