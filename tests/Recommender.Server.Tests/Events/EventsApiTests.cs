using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Recommender.Core.Events;
using Recommender.Core.Indexing;
using Recommender.Core.Profiles;
using Recommender.Crawler.Crawling;
using Recommender.Server.Tests.Api;

namespace Recommender.Server.Tests.Events;

public sealed class EventsApiTests : IAsyncLifetime
{
    PublisherSite publisher = null!;
    RunningServer Server => publisher.Server;

    public async Task InitializeAsync() => publisher = await PublisherSite.StartAsync("AutoTrainAfterSeconds=15");

    public async Task DisposeAsync() => await publisher.DisposeAsync();

    string Indexed(int n) => publisher.Articles[n].Url;

    [Fact]
    public async Task A_batch_counts_its_valid_events_and_rejects_the_others_by_reason_without_blocking_them()
    {
        var page = Indexed(0);
        object[] batch =
        [
            publisher.Event("pageview", page, "r1", ("referrer", "https://www.google.com/")),
            publisher.Event("heartbeat", page, "r1", ("engaged_seconds", 10)),
            publisher.Event("pageview", page, "r1", ("apikey", "nobody")),
            publisher.Event("click", page, "r1"),
            publisher.Event("pageview", "https://elsewhere.example/a", "r1"),
            publisher.Event("pageview", "not a url", "r1"),
            publisher.Event("pageview", page, ""),
            publisher.Event("heartbeat", page, "r1", ("engaged_seconds", 3600)),
            publisher.Event("heartbeat", page, "r1"),
            "not an event",
            publisher.Event("pageview", page, "r2", ("engaged_seconds", "many"), ("ts", "yesterday")),
        ];

        using var response = await publisher.PostAsync(batch);
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.Equal(3, answer.GetProperty("accepted").GetInt32());
        var rejected = answer.GetProperty("rejected").Deserialize<Dictionary<string, int>>()!;
        Assert.Equal(new Dictionary<string, int>
        {
            ["unknown_apikey"] = 1, ["unknown_action"] = 1, ["host_not_allowed"] = 1, ["invalid_url"] = 1, ["invalid_uuid"] = 1,
            ["invalid_engaged_seconds"] = 2, ["malformed"] = 1,
        }, rejected);
        await PublisherSite.EventuallyAsync(async () => (await publisher.LastDayAsync(page)).GetProperty("views").GetDouble() == 2, "two views are counted");
        var day = await publisher.LastDayAsync(page);
        Assert.Equal(10, day.GetProperty("engaged_seconds").GetDouble());
        Assert.Equal(1, day.GetProperty("referrals").GetProperty("search").GetDouble());
        Assert.Equal(2, day.GetProperty("unique_readers").GetDouble(), precision: 0);

        var stats = await Server.Client.GetFromJsonAsync<JsonElement>("/events/stats");
        Assert.Equal(3, stats.GetProperty("accepted").GetInt64());
        Assert.Equal(2, stats.GetProperty("rejected").GetProperty("invalid_engaged_seconds").GetInt64());
    }

    [Fact]
    public async Task A_beacon_sends_text_plain_and_the_page_counts_under_its_canonical_url()
    {
        var canonical = Indexed(1);
        var tracked = canonical + "?utm_source=newsletter#comments";
        var beacon = publisher.Event("pageview", tracked, "r1", ("canonical_url", canonical));

        using var response = await publisher.PostAsync(beacon, "text/plain");

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await PublisherSite.EventuallyAsync(async () => (await publisher.LastDayAsync(canonical)).GetProperty("views").GetDouble() == 1, "the view counts under the canonical URL");
    }

    [Fact]
    public async Task The_same_event_sent_twice_counts_once()
    {
        var page = Indexed(2);
        var view = publisher.Event("pageview", page, "r1");

        await publisher.SendAsync(view);
        await publisher.SendAsync(view, publisher.Event("pageview", page, "r2"));

        await PublisherSite.EventuallyAsync(async () => (await publisher.LastDayAsync(page)).GetProperty("views").GetDouble() == 2, "the second reader's view counts");
        // A third reader's view after both requests: once it counts, the repeat has been processed too.
        await publisher.SendAsync(publisher.Event("pageview", page, "r3"));
        await PublisherSite.EventuallyAsync(async () => (await publisher.LastDayAsync(page)).GetProperty("views").GetDouble() >= 3, "the third reader's view counts");
        Assert.Equal(3, (await publisher.LastDayAsync(page)).GetProperty("views").GetDouble());
    }

    [Theory]
    [InlineData("{\"apikey\":")]
    [InlineData("")]
    public async Task A_body_that_is_not_json_is_a_bad_request(string body)
    {
        using var response = await Server.Client.PostAsync("/events", new StringContent(body, Encoding.UTF8, "text/plain"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task Bodies_and_batches_beyond_their_caps_are_refused_whole()
    {
        var page = Indexed(3);
        var tooMany = Enumerable.Range(0, 101).Select(i => publisher.Event("pageview", page, $"r{i}")).ToArray();
        var tooLong = publisher.Event("pageview", page, "r1", ("referrer", "https://example.com/" + new string('a', 70_000)));

        using var batch = await publisher.PostAsync(tooMany);
        using var body = await publisher.PostAsync(tooLong);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, batch.StatusCode);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, body.StatusCode);
        // One view accepted after them: once it counts, anything accepted before it would have counted too.
        await publisher.SendAsync(publisher.Event("pageview", page, "sentinel"));
        await PublisherSite.EventuallyAsync(async () => (await publisher.LastDayAsync(page)).GetProperty("views").GetDouble() >= 1, "the sentinel view counts");
        Assert.Equal(1, (await publisher.LastDayAsync(page)).GetProperty("views").GetDouble());
    }

    [Fact]
    public async Task Cross_origin_calls_are_allowed_from_the_sites_hosts_only()
    {
        async Task<string?> AllowedOriginFor(string origin)
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, "/events");
            preflight.Headers.Add("Origin", origin);
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            preflight.Headers.Add("Access-Control-Request-Headers", "content-type");
            using var response = await Server.Client.SendAsync(preflight);
            return response.Headers.TryGetValues("Access-Control-Allow-Origin", out var values) ? values.Single() : null;
        }

        var siteOrigin = publisher.Web.BaseUrl.GetLeftPart(UriPartial.Authority);
        Assert.Equal(siteOrigin, await AllowedOriginFor(siteOrigin));
        Assert.Null(await AllowedOriginFor("https://attacker.example"));
    }

    [Fact]
    public async Task The_tag_is_served_cacheable_and_revalidates_by_etag()
    {
        using var first = await Server.Client.GetAsync("/tag.js");
        var script = await first.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("text/javascript", first.Content.Headers.ContentType?.MediaType);
        Assert.Contains("sendBeacon", script);
        Assert.True(first.Headers.CacheControl?.Public);
        var etag = first.Headers.ETag!;

        using var again = new HttpRequestMessage(HttpMethod.Get, "/tag.js");
        again.Headers.IfNoneMatch.Add(etag);
        using var revalidated = await Server.Client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
    }

    [Fact]
    public async Task The_first_view_of_an_unknown_article_crawls_it_and_it_is_recommended_and_recrawled_while_young()
    {
        var fresh = publisher.Fresh.Url;
        var path = new Uri(fresh).AbsolutePath;

        await publisher.SendAsync(publisher.Event("pageview", fresh, "r1"), publisher.Event("pageview", fresh, "r2"));

        var index = Server.Services.GetRequiredService<ArticleIndex>();
        await PublisherSite.EventuallyAsync(() => Task.FromResult(index.Contains(PublisherSite.Site, fresh)), "the fresh article is indexed");
        var related = await Server.ListAsync($"/related?apikey={PublisherSite.Site}&url={Uri.EscapeDataString(fresh)}");
        Assert.NotEmpty(related);
        Assert.All(related, a => Assert.StartsWith("related to", a.Reason));
        Assert.Equal(1, publisher.Web.CountOf(path));

        // A day later it still gets traffic and is young: crawled again; the day after its week, not any more.
        Server.Clock.Advance(TimeSpan.FromHours(25));
        await publisher.SendAsync(publisher.Event("pageview", fresh, "r3"));
        await PublisherSite.EventuallyAsync(() => Task.FromResult(publisher.Web.CountOf(path) == 2), "the article is crawled again");
        Server.Clock.Advance(TimeSpan.FromDays(7));
        await publisher.SendAsync(publisher.Event("pageview", fresh, "r4"));
        await PublisherSite.EventuallyAsync(async () => (await publisher.LastDayAsync(fresh)).GetProperty("views").GetDouble() == 1, "the last view is counted");
        // The view's batch has reached every processor once a later batch counts; then a crawl it queued has run.
        var sentinel = Indexed(6);
        await publisher.SendAsync(publisher.Event("pageview", sentinel, "sentinel"));
        await PublisherSite.EventuallyAsync(async () => (await publisher.LastDayAsync(sentinel)).GetProperty("views").GetDouble() == 1, "the sentinel view is counted");
        await Server.Services.GetRequiredService<CrawlQueue>().WhenIdleAsync();
        Assert.Equal(2, publisher.Web.CountOf(path));
    }

    [Fact]
    public async Task A_site_that_auto_trains_trains_the_reader_once_the_engaged_time_reaches_its_threshold()
    {
        var page = Indexed(4);
        var other = Indexed(5);
        await publisher.SendAsync(
            publisher.Event("pageview", page, "reader"), publisher.Event("heartbeat", page, "reader", ("engaged_seconds", 10)),
            publisher.Event("heartbeat", other, "reader", ("engaged_seconds", 10)));
        await PublisherSite.EventuallyAsync(async () => (await publisher.LastDayAsync(other)).GetProperty("heartbeats").GetDouble() == 1, "the heartbeats are processed");
        Assert.Empty(await Server.HistoryAsync(PublisherSite.Site, "reader"));

        await publisher.SendAsync(publisher.Event("heartbeat", page, "reader", ("engaged_seconds", 5)));

        await PublisherSite.EventuallyAsync(async () => (await Server.HistoryAsync(PublisherSite.Site, "reader")).Count == 1, "the reader is trained");
        Assert.Equal(page, (await Server.HistoryAsync(PublisherSite.Site, "reader")).Single().Url);
    }

    [Fact]
    public async Task Trending_lists_the_indexed_articles_rising_this_hour_with_the_list_filters()
    {
        var rising = publisher.Articles[10];
        var steady = publisher.Articles[11];
        for (var hour = 0; hour < 5; hour++)
        {
            await publisher.SendAsync(publisher.Event("pageview", steady.Url, $"s{hour}"));
            Server.Clock.Advance(TimeSpan.FromHours(1));
        }
        await publisher.SendAsync([.. Enumerable.Range(0, 4).Select(i => publisher.Event("pageview", rising.Url, $"r{i}")), publisher.Event("pageview", steady.Url, "s9")]);
        await PublisherSite.EventuallyAsync(async () => (await publisher.LastDayAsync(rising.Url)).GetProperty("views").GetDouble() == 4, "the views are counted");

        var trending = await Server.ListAsync($"/trending?apikey={PublisherSite.Site}");
        var inSection = await Server.ListAsync($"/trending?apikey={PublisherSite.Site}&section={Uri.EscapeDataString(steady.Section)}&exclude=url:{Uri.EscapeDataString(rising.Url)}");

        Assert.Equal([rising.Url, steady.Url], trending.Select(a => a.Url));
        Assert.All(trending, a => Assert.Equal("trending", a.Reason));
        Assert.Equal([steady.Url], inSection.Select(a => a.Url));
        Assert.Equal(HttpStatusCode.NotFound, (await Server.GetAsync("/trending?apikey=nobody")).StatusCode);
    }

    [Fact]
    public async Task Search_and_related_sort_by_views_and_boost_by_them()
    {
        var articles = await Server.ListAsync($"/search?apikey={PublisherSite.Site}&q=first&limit=3");
        var leastRelevant = articles[^1].Url;
        await publisher.SendAsync([.. Enumerable.Range(0, 5).Select(i => publisher.Event("pageview", leastRelevant, $"r{i}"))]);
        await PublisherSite.EventuallyAsync(async () => (await publisher.LastDayAsync(leastRelevant)).GetProperty("views").GetDouble() == 5, "the views are counted");

        var byViews = await Server.ListAsync($"/search?apikey={PublisherSite.Site}&q=first&limit=3&sort=views");
        Assert.Equal(leastRelevant, byViews[0].Url);

        var seed = Uri.EscapeDataString(publisher.Articles[0].Url);
        var related = await Server.ListAsync($"/related?apikey={PublisherSite.Site}&url={seed}&limit=10");
        var viewed = related[^1].Url;
        await publisher.SendAsync([.. Enumerable.Range(0, 50).Select(i => publisher.Event("pageview", viewed, $"v{i}"))]);
        await PublisherSite.EventuallyAsync(async () => (await publisher.LastDayAsync(viewed)).GetProperty("views").GetDouble() == 50, "the views are counted");
        Assert.Equal(viewed, (await Server.ListAsync($"/related?apikey={PublisherSite.Site}&url={seed}&limit=10&sort=views"))[0].Url);
        var boosted = await Server.ListAsync($"/related?apikey={PublisherSite.Site}&url={seed}&limit=10&boost=views");
        Assert.True(boosted.Select(a => a.Url).ToList().IndexOf(viewed) < related.Count - 1, "a boost by views lifts the viewed article");

        using var bad = await Server.GetAsync($"/search?apikey={PublisherSite.Site}&q=first&sort=recency");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("sort", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_full_stream_refuses_the_whole_request_with_retry_after()
    {
        await using var full = await RunningServer.StartAsync(Directory.CreateTempSubdirectory("recommender-full-").FullName,
            [$"--Sites:{PublisherSite.Site}:AllowedHosts:0={publisher.Web.BaseUrl.Host}"],
            customize: builder => builder.Services.AddSingleton<IEventStream>(new ChannelEventStream(capacity: 2)));
        var page = Indexed(0);
        var events = Enumerable.Range(0, 3).Select(i => publisher.Event("pageview", page, $"r{i}")).ToArray();

        using var response = await full.Client.PostAsync("/events", JsonContent.Create(events));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(1), response.Headers.RetryAfter?.Delta);
        var stats = await full.Client.GetFromJsonAsync<JsonElement>("/events/stats");
        Assert.Equal(0, stats.GetProperty("accepted").GetInt64());
        Assert.Equal(3, stats.GetProperty("refused").GetInt64());
    }
}
