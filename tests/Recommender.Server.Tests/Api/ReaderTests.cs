using System.Net;
using Recommender.Crawler.Crawling;

namespace Recommender.Server.Tests.Api;

/// <summary>Personalised answers over the sample catalogue: training, recency, forgetting, and pages the index lacks.</summary>
public sealed class ReaderTests(SampleServerFixture fixture) : IClassFixture<SampleServerFixture>
{
    const string Site = Catalogues.SampleSite;

    RunningServer Server => fixture.Server;

    static string ForReader(string uuid, string extra = "") => $"/related?apikey={Site}&uuid={Uri.EscapeDataString(uuid)}{extra}";

    [Fact]
    public async Task Articles_a_reader_has_read_never_come_back_on_any_page()
    {
        const string uuid = "reader-who-read-many";
        var read = fixture.Articles.Where((_, i) => i % 6 == 0).Select(a => a.Url).ToList();
        foreach (var url in read) await Server.TrainAsync(Site, uuid, url);

        var answered = new List<ListedArticle>();
        for (var page = 1; page <= 6; page++) answered.AddRange(await Server.ListAsync(ForReader(uuid, $"&limit=10&page={page}")));

        Assert.True(answered.Count >= 20, $"only {answered.Count} answers");
        Assert.Empty(answered.Select(a => a.Url).Intersect(read));
        Assert.Equal(answered.Count, answered.Select(a => a.Url).Distinct().Count());
        Assert.All(answered, a => Assert.StartsWith("because you read ‘", a.Reason));
    }

    [Fact]
    public async Task A_reader_of_one_story_gets_the_rest_of_it_first_then_its_section()
    {
        const string uuid = "reader-of-the-mars-lander";
        var read = fixture.Articles.Where(a => a.Tags.Contains("tessera")).OrderBy(a => a.PubDate).Take(3).ToList();
        foreach (var article in read) await Server.TrainAsync(Site, uuid, article.Url);

        var top = await Server.ListAsync(ForReader(uuid, "&limit=5"));

        var restOfStory = fixture.Articles.Where(a => a.Tags.Contains("mars")).Select(a => a.Url).Except(read.Select(a => a.Url)).ToHashSet();
        Assert.NotEmpty(restOfStory);
        Assert.Equal(restOfStory, top.Take(restOfStory.Count).Select(a => a.Url).ToHashSet());
        Assert.All(top.Skip(restOfStory.Count), a => Assert.Equal("science", a.Section));
    }

    [Fact]
    public async Task A_recent_read_outranks_an_old_one_and_swapping_the_times_flips_the_answer()
    {
        var sport = fixture.Article("sport/2026/10/lindmoor-rovers-stun-castelmar-cup").Url;
        var business = fixture.Article("business/2026/11/reserve-bank-holds-interest-rates-november").Url;

        var (businessIsRecent, sportIsRecent) = await Server.TrainInOppositeOrdersAsync(Site, sport, business, TimeSpan.FromDays(7));

        var recentBusiness = await Server.ListAsync(ForReader(businessIsRecent, "&limit=5"));
        var recentSport = await Server.ListAsync(ForReader(sportIsRecent, "&limit=5"));

        Assert.Equal("business", recentBusiness[0].Section);
        Assert.Equal("sport", recentSport[0].Section);
        Assert.True(recentBusiness.Count(a => a.Section == "business") >= 3, Describe(recentBusiness));
        Assert.True(recentSport.Count(a => a.Section == "sport") >= 3, Describe(recentSport));
    }

    [Fact]
    public async Task The_page_being_read_counts_as_the_most_recent_read()
    {
        const string uuid = "sport-reader-now-on-a-business-page";
        var sport = fixture.Articles.Where(a => a.Section == "sport" && a.Tags.Contains("football")).Take(2).Select(a => a.Url).ToList();
        foreach (var url in sport) await Server.TrainAsync(Site, uuid, url);
        Server.Clock.Advance(TimeSpan.FromDays(5));
        var page = fixture.Article("business/2026/11/mortgage-lenders-cut-fixed-rates").Url;

        var answer = await Server.ListAsync(ForReader(uuid, $"&url={Uri.EscapeDataString(page)}&limit=5"));

        Assert.Equal("business", answer[0].Section);
        Assert.DoesNotContain(answer, a => a.Url == page || sport.Contains(a.Url));
    }

    [Fact]
    public async Task Forgetting_a_reader_empties_the_history_and_answers_fall_back_to_the_site()
    {
        const string uuid = "reader-who-asks-to-be-forgotten";
        foreach (var article in fixture.Articles.Where(a => a.Section == "science").Take(3)) await Server.TrainAsync(Site, uuid, article.Url);
        Assert.Equal(3, (await Server.HistoryAsync(Site, uuid)).Count);
        Assert.All(await Server.ListAsync(ForReader(uuid)), a => Assert.StartsWith("because you read", a.Reason));

        using var deleted = await Server.Client.DeleteAsync($"/profile?apikey={Site}&uuid={uuid}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Empty(await Server.HistoryAsync(Site, uuid));
        var after = await Server.ListAsync(ForReader(uuid));
        Assert.All(after, a => Assert.Equal("new on this site", a.Reason));
        Assert.Equal(NewestUrls(10), after.Select(a => a.Url));
    }

    [Fact]
    public async Task Training_answers_202_with_the_profile_size_and_the_history_is_newest_first()
    {
        const string uuid = "reader-with-a-history";
        var urls = fixture.Articles.Take(3).Select(a => a.Url).ToList();
        foreach (var url in urls)
        {
            await Server.TrainAsync(Site, uuid, url);
            Server.Clock.Advance(TimeSpan.FromMinutes(1));
        }
        using var again = await Server.Client.PostAsync($"/profile?apikey={Site}&uuid={uuid}&url={Uri.EscapeDataString(urls[0])}&weight=2", null);
        var answer = await again.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Contains("\"profile_size\":3", answer);
        var history = await Server.HistoryAsync(Site, uuid);
        Assert.Equal([urls[0], urls[2], urls[1]], history.Select(h => h.Url));
        Assert.Equal(2, history[0].Weight);
    }

    [Fact]
    public async Task An_unknown_page_of_the_site_gets_the_newest_articles_and_is_queued_for_crawling()
    {
        const string unknown = "https://news.example.org/world/2026/11/a-page-the-index-has-not-seen";

        var answer = await Server.ListAsync($"/related?apikey={Site}&url={Uri.EscapeDataString(unknown)}");

        Assert.Equal(NewestUrls(10), answer.Select(a => a.Url));
        Assert.All(answer, a => Assert.Equal("new on this site", a.Reason));
        // Queued: a second request for it is either still waiting or has failed (there is no network) and waits for a retry.
        var queue = Server.Services.GetRequiredService<CrawlQueue>();
        Assert.NotEqual(EnqueueResult.Queued, queue.Enqueue(new CrawlRequest(Site, unknown)));
    }

    IEnumerable<string> NewestUrls(int count) =>
        fixture.Articles.OrderByDescending(a => a.PubDate).Take(count).Select(a => a.Url);

    static string Describe(IEnumerable<ListedArticle> articles) => string.Join(", ", articles.Select(a => $"{a.Section} {a.Url}"));
}
