using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Recommender.Server.Tests.Api;

/// <summary>
/// A real <c>recommender serve</c> process over the sample catalogue, scraped on <c>/metrics</c>. A process of its own:
/// the counters are per process, and the in-process servers of other tests would move them too.
/// </summary>
public sealed class MetricsProcessFixture : IAsyncLifetime
{
    readonly TempDirectory data = new();
    RecommenderProcess process = null!;

    public HttpClient Client { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Catalogues.Import(data.Path, Catalogues.SampleSite, File.ReadLines(Catalogues.SamplePath));
        (process, var client) = await RecommenderProcess.ServeAsync(data.Path);
        Client = client;
    }

    public Task DisposeAsync()
    {
        Client.Dispose();
        process.Dispose();
        data.Dispose();
        return Task.CompletedTask;
    }
}

public sealed class MetricsTests(MetricsProcessFixture fixture) : IClassFixture<MetricsProcessFixture>
{
    const string Site = Catalogues.SampleSite;
    HttpClient Client => fixture.Client;

    [Fact]
    public async Task The_index_document_gauge_is_the_catalogue_size()
    {
        var metrics = await PrometheusScrape.ScrapeAsync(Client);

        Assert.Equal(Catalogues.Sample().Count, metrics.Sum("recommender_index_documents"));
        Assert.True(metrics.Sum("recommender_index_segments") >= 1);
        Assert.Equal(0, metrics.Sum("recommender_index_refresh_lag_seconds"));
    }

    [Fact]
    public async Task A_route_called_shows_in_the_request_counter_and_the_cache_counts_its_miss_then_its_hit()
    {
        var route = ("http_route", "/search");
        var before = await PrometheusScrape.ScrapeAsync(Client);
        var query = $"/search?apikey={Site}&q=rates+{Guid.NewGuid():N}";

        using var first = await Client.GetAsync(query);
        using var second = await Client.GetAsync(query);

        Assert.Equal(("MISS", "HIT"), (first.Headers.GetValues("X-Cache").Single(), second.Headers.GetValues("X-Cache").Single()));
        var after = await PrometheusScrape.EventuallyAsync(Client,
            metrics => metrics.Sum("http_server_request_duration_seconds_count", route) == before.Sum("http_server_request_duration_seconds_count", route) + 2,
            "both requests are counted under their route");
        Assert.Equal(before.Sum("recommender_cache_misses_total") + 1, after.Sum("recommender_cache_misses_total"));
        Assert.Equal(before.Sum("recommender_cache_hits_total") + 1, after.Sum("recommender_cache_hits_total"));
        // A histogram per route: the latency buckets are there too.
        Assert.Equal(after.Sum("http_server_request_duration_seconds_count", route),
            after.Sum("http_server_request_duration_seconds_bucket", route, ("le", "+Inf")));
    }

    [Fact]
    public async Task Events_accepted_and_rejected_by_reason_are_counted()
    {
        var page = Catalogues.Sample()[0].Url;
        object[] batch =
        [
            new Dictionary<string, string> { ["id"] = Guid.NewGuid().ToString(), ["apikey"] = Site, ["action"] = "pageview", ["url"] = page, ["uuid"] = "r1" },
            new Dictionary<string, string> { ["id"] = Guid.NewGuid().ToString(), ["apikey"] = Site, ["action"] = "pageview", ["url"] = "not a url", ["uuid"] = "r1" },
        ];
        var before = await PrometheusScrape.ScrapeAsync(Client);

        using var response = await Client.PostAsync("/events", new StringContent(JsonSerializer.Serialize(batch), Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        var after = await PrometheusScrape.EventuallyAsync(Client,
            metrics => metrics.Sum("recommender_events_accepted_total") == before.Sum("recommender_events_accepted_total") + 1,
            "the accepted event is counted");
        var invalidUrl = ("reason", "invalid_url");
        Assert.Equal(before.Sum("recommender_events_rejected_total", invalidUrl) + 1, after.Sum("recommender_events_rejected_total", invalidUrl));
    }
}

public sealed class MetricsSettingsTests
{
    [Fact]
    public async Task With_an_address_of_its_own_metrics_answer_there_and_not_on_the_api_port()
    {
        using var data = new TempDirectory();
        var metricsAddress = $"http://127.0.0.1:{RecommenderProcess.FreePort()}";
        var (server, api) = await RecommenderProcess.ServeAsync(data.Path, $"--Metrics:Url={metricsAddress}");
        using (server)
        using (api)
        using (var scraper = new HttpClient { BaseAddress = new Uri(metricsAddress) })
        {
            using var onApi = await api.GetAsync("/metrics");
            Assert.Equal(HttpStatusCode.NotFound, onApi.StatusCode);
            Assert.Contains("recommender_index_documents", await scraper.GetStringAsync("/metrics"));
        }
    }

    [Fact]
    public async Task Any_meter_named_Recommender_dot_something_is_exported_as_the_rate_limiters_will_be()
    {
        using var data = new TempDirectory();
        await using var server = await RunningServer.StartAsync(data.Path);
        using var meter = new Meter("Recommender.RateLimiting");
        // A name of this test's own: the meter's real instruments may live in this process too.
        meter.CreateCounter<long>("recommender.ratelimiting.refusals_of_this_test").Add(3, new KeyValuePair<string, object?>("policy", "test"));

        var metrics = await PrometheusScrape.ScrapeAsync(server.Client);

        Assert.Equal(3, metrics.Sum("recommender_ratelimiting_refusals_of_this_test_total", ("policy", "test")));
    }

    [Fact]
    public async Task Disabled_metrics_are_not_served()
    {
        using var data = new TempDirectory();
        await using var server = await RunningServer.StartAsync(data.Path, ["--Metrics:Enabled=false"]);

        using var response = await server.Client.GetAsync("/metrics");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}

/// <summary>One scrape of <c>/metrics</c> in Prometheus' text format.</summary>
sealed partial class PrometheusScrape(IReadOnlyList<(string Name, IReadOnlyDictionary<string, string> Labels, double Value)> samples)
{
    public static async Task<PrometheusScrape> ScrapeAsync(HttpClient client)
    {
        var text = await client.GetStringAsync("/metrics");
        var samples = new List<(string, IReadOnlyDictionary<string, string>, double)>();
        foreach (var line in text.Split('\n'))
        {
            if (Sample().Match(line) is not { Success: true } sample) continue;
            var labels = Label().Matches(sample.Groups["labels"].Value).ToDictionary(label => label.Groups[1].Value, label => label.Groups[2].Value);
            samples.Add((sample.Groups["name"].Value, labels, double.Parse(sample.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }
        return new PrometheusScrape(samples);
    }

    /// <summary>Scrapes until <paramref name="condition"/> holds (the exporter keeps a scrape for 300 ms), for 15 s at most.</summary>
    public static async Task<PrometheusScrape> EventuallyAsync(HttpClient client, Func<PrometheusScrape, bool> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            var metrics = await ScrapeAsync(client);
            if (condition(metrics)) return metrics;
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"Timed out waiting until {what}");
            await Task.Delay(100);
        }
    }

    /// <summary>The sum of the samples of <paramref name="name"/> that carry every one of <paramref name="labels"/>.</summary>
    public double Sum(string name, params (string Name, string Value)[] labels) =>
        samples.Where(s => s.Name == name && labels.All(l => s.Labels.GetValueOrDefault(l.Name) == l.Value)).Sum(s => s.Value);

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)")]
    private static partial Regex Sample();

    [GeneratedRegex(@"(\w+)=""((?:[^""\\]|\\.)*)""")]
    private static partial Regex Label();
}
