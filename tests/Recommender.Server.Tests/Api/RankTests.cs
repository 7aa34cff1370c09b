using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;

namespace Recommender.Server.Tests.Api;

/// <summary><c>/rank</c> and <c>/profile?ts=</c> over real HTTP, on the sample catalogue.</summary>
public sealed class RankTests(SampleServerFixture fixture) : IClassFixture<SampleServerFixture>
{
    const string Site = Catalogues.SampleSite;
    const string NotIndexed = "https://news.example.org/sport/2026/12/never-published";

    RunningServer Server => fixture.Server;

    string Url(string end) => fixture.Article(end).Url;

    sealed record Ranked(string Url, string? Title, string? Section, double? Score, string Reason, bool Indexed);

    async Task<IReadOnlyList<Ranked>> PostRankAsync(string uuid, IEnumerable<string> urls)
    {
        using var response = await Server.Client.PostAsJsonAsync("/rank", new { apikey = Site, uuid, urls = urls.ToArray() });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonSerializer.Deserialize<Listing<Ranked>>(body, RunningServer.Json)!.Data;
    }

    async Task<IReadOnlyList<Ranked>> GetRankAsync(string uuid, IEnumerable<string> urls)
    {
        var query = string.Concat(urls.Select(u => "&url=" + Uri.EscapeDataString(u)));
        using var response = await Server.Client.GetAsync($"/rank?apikey={Site}&uuid={uuid}{query}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonSerializer.Deserialize<Listing<Ranked>>(body, RunningServer.Json)!.Data;
    }

    async Task TrainAtAsync(string uuid, string url, DateTimeOffset ts)
    {
        var time = ts.UtcDateTime.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
        using var response = await Server.Client.PostAsync(
            $"/profile?apikey={Site}&uuid={uuid}&url={Uri.EscapeDataString(url)}&ts={Uri.EscapeDataString(time)}", null);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task A_readers_candidates_come_in_the_order_of_their_interests_with_unknown_pages_last()
    {
        var uuid = $"reader-{Guid.NewGuid():N}";
        await Server.TrainAsync(Site, uuid, Url("sport/2026/10/lindmoor-rovers-reach-cup-semi-final"));
        await Server.TrainAsync(Site, uuid, Url("sport/2026/11/lindmoor-rovers-beat-port-averly-semi-final"));
        string[] candidates =
        [
            Url("business/2026/11/mortgage-lenders-cut-fixed-rates"),
            NotIndexed,
            Url("culture/2026/11/tovek-songs-album-review"),
            Url("sport/2026/11/lindmoor-rovers-win-cup-final-penalties"),
            Url("science/2026/11/tessera-drill-finds-ice-mars"),
            Url("sport/2026/10/lindmoor-rovers-stun-castelmar-cup"),
        ];

        var posted = await PostRankAsync(uuid, candidates);
        var got = await GetRankAsync(uuid, candidates);

        Assert.Equal(candidates.Length, posted.Count);
        Assert.Equal(["sport", "sport"], posted.Take(2).Select(r => r.Section));
        Assert.All(posted.Take(2), r => Assert.StartsWith("because you read ‘", r.Reason));
        Assert.True(posted[1].Score > posted[2].Score, $"{posted[1].Score} vs {posted[2].Score}");
        Assert.Equal(new Ranked(NotIndexed, null, null, null, "not indexed", false), posted[^1]);
        Assert.Equal(posted.Select(r => r.Url), got.Select(r => r.Url));
    }

    [Fact]
    public async Task A_timestamped_training_weighs_as_its_age_says()
    {
        var (sport, business) = (Url("sport/2026/10/lindmoor-rovers-stun-castelmar-cup"), Url("business/2026/11/reserve-bank-holds-interest-rates-november"));
        var now = Server.Clock.GetUtcNow();
        var (oldSport, oldBusiness) = ($"reader-{Guid.NewGuid():N}", $"reader-{Guid.NewGuid():N}");
        // Both readers read both pages, trained in the same order; only the ts says which read is 20 days old.
        await TrainAtAsync(oldSport, sport, now.AddDays(-20));
        await TrainAtAsync(oldSport, business, now.AddMinutes(-5));
        await TrainAtAsync(oldBusiness, sport, now.AddMinutes(-5));
        await TrainAtAsync(oldBusiness, business, now.AddDays(-20));
        string[] candidates = [Url("sport/2026/11/lindmoor-rovers-win-cup-final-penalties"), Url("business/2026/11/mortgage-lenders-cut-fixed-rates")];

        var forOldSport = await PostRankAsync(oldSport, candidates);
        var forOldBusiness = await PostRankAsync(oldBusiness, candidates);

        Assert.Equal("business", forOldSport[0].Section);
        Assert.Equal("sport", forOldBusiness[0].Section);
        var history = await Server.HistoryAsync(Site, oldSport);
        Assert.Equal([now.AddMinutes(-5), now.AddDays(-20)], history.Select(h => h.Time));
    }

    [Theory]
    [InlineData("2030-01-01T00:00:00Z")]
    [InlineData("yesterday")]
    [InlineData("2001-01-01T00:00:00Z")]
    public async Task A_ts_in_the_future_older_than_the_profile_expiry_or_unreadable_is_refused(string ts)
    {
        using var response = await Server.Client.PostAsync(
            $"/profile?apikey={Site}&uuid=r1&url={Uri.EscapeDataString(Url("sport/2026/10/lindmoor-rovers-stun-castelmar-cup"))}&ts={Uri.EscapeDataString(ts)}", null);

        await BadInputTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, "ts");
    }

    [Fact]
    public async Task A_ts_within_the_clock_skew_and_one_in_epoch_milliseconds_are_accepted()
    {
        var uuid = $"reader-{Guid.NewGuid():N}";
        var now = Server.Clock.GetUtcNow();
        var url = Uri.EscapeDataString(Url("sport/2026/10/lindmoor-rovers-stun-castelmar-cup"));
        var other = Uri.EscapeDataString(Url("sport/2026/11/lindmoor-rovers-win-cup-final-penalties"));

        using var ahead = await Server.Client.PostAsync($"/profile?apikey={Site}&uuid={uuid}&url={url}&ts={now.AddMinutes(5).ToUnixTimeMilliseconds()}", null);
        using var epoch = await Server.Client.PostAsync($"/profile?apikey={Site}&uuid={uuid}&url={other}&ts={now.AddHours(-3).ToUnixTimeMilliseconds()}", null);

        Assert.Equal(HttpStatusCode.Accepted, ahead.StatusCode);
        Assert.Equal(HttpStatusCode.Accepted, epoch.StatusCode);
        // A time ahead within the skew is stored as now.
        Assert.Equal([now, now.AddHours(-3)], (await Server.HistoryAsync(Site, uuid)).Select(h => h.Time));
    }

    [Theory]
    [InlineData("""{"apikey": "news.example.org", "uuid": "r1"}""", "urls")]
    [InlineData("""{"apikey": "news.example.org", "uuid": "r1", "urls": []}""", "urls")]
    [InlineData("""{"apikey": "news.example.org", "uuid": "r1", "urls": ["https://news.example.org/a", "not a url"]}""", "urls[1]")]
    [InlineData("""{"apikey": "news.example.org", "uuid": "r1", "urls": ["https://elsewhere.example/a"]}""", "urls[0]")]
    [InlineData("""{"apikey": "news.example.org", "uuid": "r1", "urls": "https://news.example.org/a"}""", "urls")]
    [InlineData("""{"uuid": "r1", "urls": ["https://news.example.org/a"]}""", "apikey")]
    [InlineData("""{"apikey": "news.example.org", "uuid": "\u0001", "urls": ["https://news.example.org/a"]}""", "uuid")]
    [InlineData("""not json""", "body")]
    [InlineData("", "body")]
    public async Task Bad_rank_bodies_are_a_400_problem_naming_the_field(string body, string field)
    {
        using var response = await Server.Client.PostAsync("/rank", new StringContent(body, Encoding.UTF8, "application/json"));

        await BadInputTests.AssertProblemAsync(response, HttpStatusCode.BadRequest, field);
    }

    [Fact]
    public async Task More_than_500_candidates_are_refused_and_500_are_ranked()
    {
        var urls = Enumerable.Range(0, 501).Select(i => $"https://news.example.org/page-{i}").ToArray();

        using var tooMany = await Server.Client.PostAsJsonAsync("/rank", new { apikey = Site, uuid = "r1", urls });
        await BadInputTests.AssertProblemAsync(tooMany, HttpStatusCode.BadRequest, "urls");
        Assert.Equal(500, (await PostRankAsync("r1", urls.Take(500))).Count);
    }

    [Fact]
    public async Task A_get_without_candidates_or_with_a_bad_one_names_url()
    {
        using var none = await Server.Client.GetAsync($"/rank?apikey={Site}&uuid=r1");
        using var bad = await Server.Client.GetAsync($"/rank?apikey={Site}&uuid=r1&url=ftp%3A%2F%2Fnews.example.org%2Fa");

        await BadInputTests.AssertProblemAsync(none, HttpStatusCode.BadRequest, "url");
        await BadInputTests.AssertProblemAsync(bad, HttpStatusCode.BadRequest, "url");
    }
}
