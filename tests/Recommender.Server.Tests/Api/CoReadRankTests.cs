using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Recommender.Core.Recommendations;

namespace Recommender.Server.Tests.Api;

/// <summary><c>/rank</c> on a site with co-reading on (<c>Sites:{apikey}:CoRead</c>), over real HTTP: other readers' pageviews teach it.</summary>
public sealed class CoReadRankTests : IAsyncLifetime
{
    const string Site = Catalogues.SampleSite;
    const int RefreshSeconds = 60;

    readonly TempDirectory data = new();
    RunningServer server = null!;

    public async Task InitializeAsync()
    {
        Catalogues.Import(data.Path, Site, File.ReadLines(Catalogues.SamplePath));
        server = await RunningServer.StartAsync(data.Path,
            [$"--Sites:{Site}:AllowedHosts:0=news.example.org", $"--Sites:{Site}:CoRead=true", $"--CoReading:RefreshSeconds={RefreshSeconds}"]);
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        data.Dispose();
    }

    sealed record Ranked(string Url, double? Score, string Reason);

    static string Url(string end) => Catalogues.Sample().Single(a => a.Url.EndsWith(end, StringComparison.Ordinal)).Url;

    async Task<IReadOnlyList<Ranked>> RankAsync(string uuid, string[] urls)
    {
        using var response = await server.Client.PostAsJsonAsync("/rank", new { apikey = Site, uuid, urls });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, body);
        return JsonSerializer.Deserialize<Listing<Ranked>>(body, RunningServer.Json)!.Data;
    }

    async Task ViewAsync(string uuid, params string[] urls)
    {
        var batch = urls.Select(url => new Dictionary<string, string>
        {
            ["id"] = Guid.NewGuid().ToString(), ["apikey"] = Site, ["action"] = "pageview", ["url"] = url, ["uuid"] = uuid,
        });
        using var response = await server.Client.PostAsync("/events", new StringContent(JsonSerializer.Serialize(batch), Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    [Fact]
    public async Task Candidates_the_readers_interest_ties_go_by_what_readers_of_the_same_page_went_on_to_read()
    {
        // A page of the site that is not indexed (a live page, say): no word ties anything to it, but readers do.
        const string read = "https://news.example.org/live/2026/12/election-night";
        string[] candidates = [Url("culture/2026/11/tovek-songs-album-review"), Url("science/2026/11/tessera-drill-finds-ice-mars")];
        var uuid = $"reader-{Guid.NewGuid():N}";
        await server.TrainAsync(Site, uuid, read);

        // Nothing ties them to the read yet: the order given.
        var before = await RankAsync(uuid, candidates);
        Assert.True(candidates.SequenceEqual(before.Select(r => r.Url)), string.Join("; ", before));
        Assert.All(before, r => Assert.Equal("no reading history", r.Reason));

        // Three other readers read the same page, then went on to the second candidate; five readers of other pages made
        // the first one the more viewed, so that views alone would keep it first.
        foreach (var other in new[] { "other-1", "other-2", "other-3" }) await ViewAsync(other, read, candidates[1]);
        foreach (var passing in Enumerable.Range(1, 5)) await ViewAsync($"passing-{passing}", candidates[0]);

        // The model is rebuilt on its timer: move the clock a period at a time until a rebuild has seen all six views.
        IReadOnlyList<Ranked> after = before;
        for (var tries = 0; tries < 100 && after[0] != new Ranked(candidates[1], 3, CandidateRanking.ReadersWentOn); tries++)
        {
            server.Clock.Advance(TimeSpan.FromSeconds(RefreshSeconds));
            await Task.Delay(50);
            after = await RankAsync(uuid, candidates);
        }

        Assert.Equal([candidates[1], candidates[0]], after.Select(r => r.Url));
        Assert.Equal(new Ranked(candidates[1], 3, CandidateRanking.ReadersWentOn), after[0]);
        Assert.Equal(0, after[1].Score);
    }
}
