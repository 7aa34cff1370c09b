using Recommender.Server.Streaming.Kafka;
using Recommender.Server.Tests.Api;

namespace Recommender.Server.Tests.Streaming;

public sealed class CrawlerMetricsTests
{
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
