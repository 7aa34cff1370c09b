using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Hosting;
using Recommender.Server.Streaming.Kafka;
using Recommender.Server.Tests.Api;
using Recommender.Tests;

namespace Recommender.Server.Tests.Streaming;

/// <summary>
/// The Kafka set-up end to end, on librdkafka's mock cluster: events posted to one server node reach the
/// crawler process, which crawls the pages from a local publisher site and publishes the articles, which
/// both server nodes index and recommend, and both nodes count the views.
/// </summary>
public sealed class KafkaScaleOutTests
{
    const string Site = "publisher";
    static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Events_posted_to_one_node_are_crawled_by_the_crawler_and_recommended_by_every_node()
    {
        using var cluster = new KafkaMockCluster();
        await using var publisher = await TestSite.StartAsync(app =>
        {
            app.MapGet("/robots.txt", () => Results.NotFound());
            app.MapGet("/tides", () => Results.Content(Page("How spring tides shape the harbour", "Spring tides lift the harbour boats higher than neap tides; the moon and the sun pull together."), "text/html"));
            app.MapGet("/moon", () => Results.Content(Page("The moon pulls the tides of the harbour", "When the moon and the sun pull together, spring tides flood the harbour boats."), "text/html"));
        });
        string[] Arguments(string nodeId) =>
        [
            .. cluster.Arguments(nodeId),
            $"--Sites:{Site}:AllowedHosts:0={publisher.BaseUrl.Host}",
            RunningServer.SecretSetting(Site),
            // Uncached: the test asks until both pages are indexed, and an answer from when one was would be kept.
            $"--Sites:{Site}:Defaults:CacheSeconds=0",
            "--Crawler:AllowPrivateNetworks=true",
            "--Crawler:RequestsPerSecondPerHost=0",
        ];
        using var crawlerData = new TempDirectory();
        using var dataA = new TempDirectory();
        using var dataB = new TempDirectory();
        using var crawler = CrawlerProcess.Build(crawlerData.Path, Arguments("crawler"));
        await crawler.StartAsync();
        await using var nodeA = await RunningServer.StartAsync(dataA.Path, Arguments("a"));
        await using var nodeB = await RunningServer.StartAsync(dataB.Path, Arguments("b"));

        var (tides, moon) = (publisher.Url("/tides"), publisher.Url("/moon"));
        using var posted = await nodeA.Client.PostAsJsonAsync("/events", new[]
        {
            new { apikey = Site, action = "pageview", url = tides, uuid = "reader-1" },
            new { apikey = Site, action = "pageview", url = moon, uuid = "reader-2" },
        });
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);

        foreach (var node in new[] { nodeA, nodeB })
        {
            var related = await Eventually(() => node.ListAsync($"/related?apikey={Site}&url={Uri.EscapeDataString(tides)}"), list => list.Count > 0);
            Assert.Equal(moon, Assert.Single(related).Url);
            var views = await Eventually(() => ViewsLastHourAsync(node, moon), count => count > 0);
            Assert.Equal(1, views);
        }
        // Each page was fetched once, though every node read both events.
        Assert.Equal(1, publisher.CountOf("/tides"));
        Assert.Equal(1, publisher.CountOf("/moon"));
        await crawler.StopAsync();
    }

    static async Task<double> ViewsLastHourAsync(RunningServer node, string url)
    {
        var answer = await node.Client.GetFromJsonAsync<System.Text.Json.JsonElement>($"/engagement?apikey={Site}&url={Uri.EscapeDataString(url)}");
        return answer.GetProperty("data").GetProperty("last_hour").GetProperty("views").GetDouble();
    }

    static async Task<T> Eventually<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            var value = await read();
            if (done(value) || DateTime.UtcNow > deadline) return value;
            await Task.Delay(100);
        }
    }

    static string Page(string title, string text) => $"""
        <!doctype html>
        <html lang="en"><head><title>{title}</title><meta property="og:title" content="{title}"></head>
        <body><article><h1>{title}</h1><p>{text}</p><p>{text}</p></article></body></html>
        """;
}
