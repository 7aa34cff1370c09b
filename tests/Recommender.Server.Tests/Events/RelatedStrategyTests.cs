using System.Net;
using System.Text.Json;
using Recommender.Server.Tests.Api;

namespace Recommender.Server.Tests.Events;

/// <summary>
/// <c>/related</c> with engagement: <c>strategy=trending|popular</c>, relevance blended with views by α, and the
/// popular recent articles for a reader with nothing to start from. Answers are not cached, so each request sees
/// the views counted so far.
/// </summary>
public sealed class RelatedStrategyTests : IAsyncLifetime
{
    const string NoCache = "Defaults:CacheSeconds=0";

    PublisherSite publisher = null!;
    RunningServer Server => publisher.Server;

    public async Task InitializeAsync() => publisher = await PublisherSite.StartAsync(NoCache);

    public async Task DisposeAsync() => await publisher.DisposeAsync();

    static string Related(string parameters) => $"/related?apikey={PublisherSite.Site}&{parameters}";

    static string Escaped(string url) => Uri.EscapeDataString(url);

    static IEnumerable<string> Urls(IEnumerable<ListedArticle> articles) => articles.Select(a => a.Url);

    static IEnumerable<(string Url, double Score, string Reason)> Ranked(IEnumerable<ListedArticle> articles) =>
        articles.Select(a => (a.Url, a.Score, a.Reason));

    /// <summary>Sends <paramref name="views"/> pageviews of the page by as many readers and waits until they are counted.</summary>
    static async Task ViewAsync(PublisherSite site, string url, int views)
    {
        var before = (await site.LastDayAsync(url)).GetProperty("views").GetDouble();
        await site.SendAsync([.. Enumerable.Range(0, views).Select(_ => site.Event("pageview", url, $"viewer-{Guid.NewGuid():N}"))]);
        await PublisherSite.EventuallyAsync(async () => (await site.LastDayAsync(url)).GetProperty("views").GetDouble() >= before + views, $"{views} views of {url} are counted");
    }

    [Fact]
    public async Task Trending_lists_what_trending_lists_without_the_page_and_what_the_reader_read()
    {
        var rising = publisher.Articles[10].Url;
        var steady = publisher.Articles[11].Url;
        var flat = publisher.Articles[12].Url;
        for (var hour = 0; hour < 5; hour++)
        {
            await publisher.SendAsync(publisher.Event("pageview", steady, $"s{hour}"), publisher.Event("pageview", flat, $"f{hour}"));
            Server.Clock.Advance(TimeSpan.FromHours(1));
        }
        // Half an hour on, the last hour holds half of the previous one: the flat page's view there is not a view of this hour.
        Server.Clock.Advance(TimeSpan.FromMinutes(30));
        await ViewAsync(publisher, rising, 4);
        await ViewAsync(publisher, steady, 1);
        await Server.TrainAsync(PublisherSite.Site, "reader", steady);

        var trending = await Server.ListAsync(Related("strategy=trending"));
        var onRising = await Server.ListAsync(Related($"strategy=trending&url={Escaped(rising)}"));
        var forReader = await Server.ListAsync(Related("strategy=trending&uuid=reader"));

        // The flat page had no view this hour: it does not rise.
        Assert.Equal([rising, steady], Urls(trending));
        Assert.Equal(Urls(await Server.ListAsync($"/trending?apikey={PublisherSite.Site}")), Urls(trending));
        Assert.All(trending, a => Assert.Equal("trending", a.Reason));
        Assert.Equal([steady], Urls(onRising));
        Assert.Equal([rising], Urls(forReader));
    }

    [Fact]
    public async Task Popular_lists_the_most_viewed_of_the_last_day_with_the_list_filters()
    {
        var yesterdays = publisher.Articles[20];
        var most = publisher.Articles[21];
        var second = publisher.Articles[22];
        var third = publisher.Articles[23];
        await ViewAsync(publisher, yesterdays.Url, 10);
        Server.Clock.Advance(TimeSpan.FromHours(25));
        await ViewAsync(publisher, most.Url, 3);
        await ViewAsync(publisher, third.Url, 1);
        await ViewAsync(publisher, second.Url, 2);

        var popular = await Server.ListAsync(Related("strategy=popular"));
        var notOnMost = await Server.ListAsync(Related($"strategy=Popular&limit=2&url={Escaped(most.Url)}"));
        var inSection = await Server.ListAsync(Related($"strategy=popular&section={Escaped(second.Section)}"));

        Assert.Equal([most.Url, second.Url, third.Url], Urls(popular));
        Assert.All(popular, a => Assert.Equal("popular now", a.Reason));
        Assert.Equal([second.Url, third.Url], Urls(notOnMost));
        Assert.Equal(popular.Where(a => a.Section == second.Section).Select(a => a.Url), Urls(inSection));
    }

    [Fact]
    public async Task A_bad_strategy_or_alpha_is_a_bad_request_naming_the_field()
    {
        var url = Escaped(publisher.Articles[0].Url);
        string[] badStrategies = ["strategy=best", "strategy=trending,popular"];
        string[] badAlphas = ["alpha=1.5", "alpha=-0.1", "alpha=abc", "alpha=NaN", "alpha=0,5"];

        foreach (var (parameter, field) in badStrategies.Select(p => (p, "strategy")).Concat(badAlphas.Select(p => (p, "alpha"))))
        {
            using var response = await Server.GetAsync(Related($"url={url}&{parameter}"));
            var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

            Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.Equal([field], problem.GetProperty("errors").EnumerateObject().Select(e => e.Name));
        }
    }

    [Fact]
    public async Task Alpha_one_is_the_relevance_order_and_alpha_zero_puts_the_most_viewed_of_the_window_first()
    {
        var seed = Escaped(publisher.Articles[0].Url);
        var relevance = await Server.ListAsync(Related($"url={seed}&limit=20"));
        Assert.Equal(20, relevance.Count);
        Assert.Equal(Ranked(relevance), Ranked(await Server.ListAsync(Related($"url={seed}&limit=20&alpha=1"))));
        var (most, less) = (relevance[9].Url, relevance[4].Url);

        await ViewAsync(publisher, most, 3);
        await ViewAsync(publisher, less, 1);
        var byViews = await Server.ListAsync(Related($"url={seed}&limit=20&alpha=0"));
        var half = await Server.ListAsync(Related($"url={seed}&limit=20&alpha=0.5"));

        // Unviewed, the others keep their relevance order.
        Assert.Equal([most, less, .. Urls(relevance).Except([most, less])], Urls(byViews));
        Assert.Equal(Ranked(relevance), Ranked(await Server.ListAsync(Related($"url={seed}&limit=20"))));
        Assert.Equal(Ranked(relevance), Ranked(await Server.ListAsync(Related($"url={seed}&limit=20&alpha=1"))));
        // Half relevance (of the best, the window's first), half views (of the most, 3), in relevance's units.
        var best = relevance[0].Score;
        var views = new Dictionary<string, double> { [most] = 3, [less] = 1 };
        var expected = relevance.Select(a => (a.Url, Score: 0.5 * a.Score + 0.5 * best * views.GetValueOrDefault(a.Url) / 3)).OrderByDescending(a => a.Score).ToList();
        Assert.Equal(expected.Select(a => a.Url), Urls(half));
        Assert.All(expected.Zip(half), pair => Assert.Equal(pair.First.Score, pair.Second.Score, 0.001));
    }

    [Fact]
    public async Task The_sites_alpha_ranks_its_answers_unless_the_request_says_otherwise()
    {
        await using var site = await PublisherSite.StartAsync(NoCache, "Defaults:Alpha=0");
        var seed = Escaped(site.Articles[0].Url);
        var relevance = await site.Server.ListAsync(Related($"url={seed}&limit=10&alpha=1"));
        var viewed = relevance[^1].Url;

        await ViewAsync(site, viewed, 2);

        Assert.Equal(viewed, (await site.Server.ListAsync(Related($"url={seed}&limit=10")))[0].Url);
        Assert.Equal(Urls(relevance), Urls(await site.Server.ListAsync(Related($"url={seed}&limit=10&alpha=1"))));
    }

    [Fact]
    public async Task A_reader_with_nothing_to_start_from_gets_the_popular_recent_articles_then_the_newest()
    {
        var newestFirst = publisher.Articles.Take(publisher.Articles.Count - 1).Reverse().Select(a => a.Url).ToList();
        var before = await Server.ListAsync(Related("uuid=newcomer&limit=10"));
        Assert.Equal(newestFirst.Take(10), Urls(before));
        Assert.All(before, a => Assert.Equal("new on this site", a.Reason));

        var (most, less) = (publisher.Articles[3].Url, newestFirst[5]);
        await ViewAsync(publisher, most, 2);
        await ViewAsync(publisher, less, 1);
        var after = await Server.ListAsync(Related("uuid=newcomer&limit=10"));

        Assert.Equal([most, less, .. newestFirst.Except([most, less]).Take(8)], Urls(after));
        Assert.Equal(["popular now", "popular now", .. Enumerable.Repeat("new on this site", 8)], after.Select(a => a.Reason));
    }
}
