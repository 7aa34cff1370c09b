using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Recommender.Core.ClickThrough;
using Recommender.Core.Engagement;
using Recommender.Core.Indexing;
using Recommender.Core.Recommendations;
using Recommender.Server.Tests.Api;
using Recommender.Server.Tests.Events;

namespace Recommender.Server.Tests.ClickThrough;

/// <summary>Over real HTTP: an answer's rec_id, the box's impression, a pageview by one of its links, and /ctr and /experiments.</summary>
public sealed class ClickThroughTests
{
    [Fact]
    public async Task A_pageview_by_a_box_link_counts_as_a_click_at_its_position_with_the_readers_engaged_seconds_after_it()
    {
        await using var publisher = await PublisherSite.StartAsync();
        var page = publisher.Articles[0].Url;
        var (recId, items) = await RelatedAsync(publisher, $"url={Uri.EscapeDataString(page)}&uuid=r1&limit=4");
        Assert.Equal("related", RecommendationId.Parse(recId)!.Strategy);
        Assert.Equal(4, items.Count);
        var clicked = items[1];

        await publisher.SendAsync(
            publisher.Event("impression", page, "r1", ("rec_id", recId), ("items", 4)),
            publisher.Event("pageview", $"{clicked}?rec_id={recId}.2", "r1", ("referrer", page)),
            publisher.Event("heartbeat", clicked, "r1", ("engaged_seconds", 10)),
            publisher.Event("heartbeat", clicked, "r2", ("engaged_seconds", 10)));

        var related = await EventuallyAsync(publisher, "/ctr?apikey=pub", data => data.GetProperty("strategies").EnumerateArray()
            .Any(s => s.GetProperty("total").GetProperty("engaged_seconds").GetInt64() == 10), "the click and its engaged seconds are counted");
        var strategy = Assert.Single(related.GetProperty("strategies").EnumerateArray());
        Assert.Equal("related", strategy.GetProperty("strategy").GetString());
        Assert.Equal((1, 1, 1.0), Counts(strategy.GetProperty("total")));
        var positions = strategy.GetProperty("positions").EnumerateArray().ToDictionary(p => p.GetProperty("position").GetInt32(), p => p.GetProperty("rate"));
        Assert.Equal([1, 2, 3, 4], positions.Keys.Order());
        Assert.Equal((1, 1, 1.0), Counts(positions[2]));
        Assert.Equal(10, positions[2].GetProperty("engaged_seconds").GetInt64());
        Assert.All([1, 3, 4], p => Assert.Equal((1, 0, 0.0), Counts(positions[p])));
        // The click's view counts for the article under its own address.
        Assert.Equal(1, (await publisher.LastDayAsync(clicked)).GetProperty("views").GetDouble());
    }

    [Fact]
    public async Task Impressions_that_list_their_items_teach_rank_what_readers_click_and_bad_items_are_refused()
    {
        await using var publisher = await PublisherSite.StartAsync();
        var page = publisher.Articles[0].Url;
        var (recId, items) = await RelatedAsync(publisher, $"url={Uri.EscapeDataString(page)}&uuid=r1&limit=3");
        Assert.Equal(3, items.Count);
        var clicked = items[2];

        // Shown three times, the third item clicked twice (by two readers); the items as the tag lists them, with its rec_id.
        await publisher.SendAsync(
            publisher.Event("impression", page, "r1", ("rec_id", recId), ("items", items.ToArray())),
            publisher.Event("impression", page, "r2", ("rec_id", recId), ("items", items.ToArray())),
            publisher.Event("impression", page, "r3", ("rec_id", recId), ("items", items.Select(u => $"{u}?rec_id={recId}.1").ToArray())),
            publisher.Event("pageview", $"{clicked}?rec_id={recId}.3", "r1"),
            publisher.Event("pageview", $"{clicked}?rec_id={recId}.3", "r2"));
        using var refused = await publisher.PostAsync(new object[]
        {
            publisher.Event("impression", page, "r4", ("rec_id", recId), ("items", new[] { "https://elsewhere.example/a" })),
            publisher.Event("impression", page, "r4", ("rec_id", recId), ("items", new object[] { items[0], 7 })),
            publisher.Event("impression", page, "r4", ("rec_id", recId), ("items", Array.Empty<string>())),
        });
        var rejected = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("rejected").Deserialize<Dictionary<string, int>>();
        Assert.Equal(new Dictionary<string, int> { ["invalid_items"] = 3 }, rejected);

        // A newcomer has no interest to rank by: the clicked article comes first for its clicks once the events are
        // counted. Its two pageviews are views too, counted by the engagement consumer, so it may first come first as
        // popular: the wait is for the click's reason and rate. Shown 3 times (the rec_id an item carried stripped),
        // clicked twice: 2 ÷ (3 + 1), the only rate, so the blend's whole (1 − α).
        var ranked = await EventuallyAsync(publisher, $"/rank?apikey={PublisherSite.Site}&uuid=newcomer&{string.Concat(items.Select(u => $"url={Uri.EscapeDataString(u)}&"))}",
            data => data[0].GetProperty("reason").GetString() == CandidateRanking.ClickedWhereShown &&
                    Math.Abs(data[0].GetProperty("score").GetDouble() - (1 - ClickThroughBlend.DefaultAlpha)) < 1e-4,
            "the clicks are counted: 2 of 3 impressions");
        Assert.Equal(clicked, ranked[0].GetProperty("url").GetString());
    }

    [Fact]
    public async Task The_rec_id_never_reaches_the_index_the_engagement_key_or_the_cache_key()
    {
        await using var publisher = await PublisherSite.StartAsync();
        var fresh = publisher.Fresh.Url;
        var (recId, _) = await RelatedAsync(publisher, $"url={Uri.EscapeDataString(publisher.Articles[0].Url)}");
        var withRecId = $"{fresh}?rec_id={recId}.1";
        var index = publisher.Server.Services.GetRequiredService<ArticleIndex>();

        await publisher.SendAsync(publisher.Event("pageview", withRecId, "r1"));

        await PublisherSite.EventuallyAsync(() => Task.FromResult(index.Contains(PublisherSite.Site, fresh)), "the page read is crawled and indexed");
        Assert.Equal(fresh, index.Get(PublisherSite.Site, fresh)!.Url);
        var signals = publisher.Server.Services.GetRequiredService<EngagementSignals>();
        Assert.Equal(1, signals.Get(PublisherSite.Site, fresh, EngagementWindow.LastDay).Views);
        Assert.Equal(0, signals.Get(PublisherSite.Site, withRecId, EngagementWindow.LastDay).Views);
        // Asked with the box's link, /related answers (and caches) the page's own answer.
        var (clean, _) = await RelatedAsync(publisher, $"url={Uri.EscapeDataString(fresh)}");
        var (linked, _) = await RelatedAsync(publisher, $"url={Uri.EscapeDataString(withRecId)}");
        Assert.Equal(clean, linked);
    }

    [Fact]
    public async Task Experiment_arms_name_their_answers_an_explicit_parameter_wins_and_experiments_reports_each_arm()
    {
        await using var publisher = await PublisherSite.StartAsync(
            "Experiments:boxes:Arms:a:Share=0.5", "Experiments:boxes:Arms:b:Share=0.5", "Experiments:boxes:Arms:b:Strategy=popular");
        var page = publisher.Articles[0].Url;
        var readers = new Dictionary<string, (string Uuid, string RecId)>();
        for (var i = 0; readers.Count < 2; i++)
        {
            var (recId, _) = await RelatedAsync(publisher, $"url={Uri.EscapeDataString(page)}&uuid=reader-{i}");
            var id = RecommendationId.Parse(recId)!;
            Assert.Equal("boxes", id.Arm!.Experiment);
            Assert.Equal(id.Arm.Arm == "b" ? "popular" : "related", id.Strategy);
            readers.TryAdd(id.Arm.Arm, ($"reader-{i}", recId));
        }
        var (explicitRecId, items) = await RelatedAsync(publisher, $"url={Uri.EscapeDataString(page)}&uuid={readers["b"].Uuid}&strategy=related");
        var explicitId = RecommendationId.Parse(explicitRecId)!;
        Assert.Equal(("related", "b"), (explicitId.Strategy, explicitId.Arm!.Arm));

        await publisher.SendAsync(
            publisher.Event("impression", page, readers["a"].Uuid, ("rec_id", readers["a"].RecId), ("items", 5)),
            publisher.Event("impression", page, readers["b"].Uuid, ("rec_id", explicitRecId), ("items", 5)),
            publisher.Event("pageview", $"{items[0]}?rec_id={explicitRecId}.1", readers["b"].Uuid));

        using var anonymous = new HttpClient { BaseAddress = publisher.Server.Client.BaseAddress };
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/experiments?apikey=pub")).StatusCode);
        var report = await EventuallyAsync(publisher, "/experiments?apikey=pub",
            data => data.EnumerateArray().Any(e => e.GetProperty("arms").EnumerateArray().Any(a => a.GetProperty("rate").GetProperty("clicks").GetInt64() == 1)),
            "arm b's click is counted");
        var experiment = Assert.Single(report.EnumerateArray());
        Assert.True(experiment.GetProperty("running").GetBoolean());
        Assert.Equal("a", experiment.GetProperty("control").GetString());
        var arms = experiment.GetProperty("arms").EnumerateArray().ToDictionary(a => a.GetProperty("arm").GetString()!);
        Assert.Equal((1, 0, 0.0), Counts(arms["a"].GetProperty("rate")));
        Assert.Equal((1, 1, 1.0), Counts(arms["b"].GetProperty("rate")));
        Assert.Equal(0.5, arms["b"].GetProperty("share").GetDouble());
        // Wilson of 1 in 1: centre (1 + 1.920729)/4.841459 = 0.603274, half 1.959964/4.841459 × √(3.841459/4) = 0.396726.
        Assert.Equal(0.2065, arms["b"].GetProperty("ctr_low").GetDouble(), 4);
        Assert.Equal(1.0, arms["b"].GetProperty("ctr_high").GetDouble(), 4);
        Assert.False(arms["b"].GetProperty("versus_control").GetProperty("significant").GetBoolean());
    }

    static (long Impressions, long Clicks, double Ctr) Counts(JsonElement rate) =>
        (rate.GetProperty("impressions").GetInt64(), rate.GetProperty("clicks").GetInt64(), rate.GetProperty("ctr").GetDouble());

    static async Task<(string RecId, IReadOnlyList<string> Urls)> RelatedAsync(PublisherSite publisher, string query)
    {
        var answer = await publisher.Server.Client.GetFromJsonAsync<JsonElement>($"/related?apikey={PublisherSite.Site}&{query}");
        return (answer.GetProperty("rec_id").GetString()!, [.. answer.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("url").GetString()!)]);
    }

    /// <summary>The <c>data</c> of <paramref name="path"/> once <paramref name="condition"/> holds of it (the events stream drains in the background).</summary>
    static async Task<JsonElement> EventuallyAsync(PublisherSite publisher, string path, Func<JsonElement, bool> condition, string what)
    {
        JsonElement data = default;
        await PublisherSite.EventuallyAsync(async () =>
        {
            data = (await publisher.Server.Client.GetFromJsonAsync<JsonElement>(path)).GetProperty("data");
            return condition(data);
        }, what);
        return data;
    }
}
