using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.Time.Testing;
using Recommender.Core.Profiles;
using Recommender.Server.Tests.Api;

namespace Recommender.Server.Tests.Digests;

/// <summary>Newsletter digests through <c>POST /admin/digests</c> and through <c>recommender digest</c> as a process.</summary>
public sealed class DigestTests
{
    const string Site = Catalogues.SampleSite;

    sealed record DigestItem(string Url, string Title, string? Section, string Reason);
    sealed record DigestLine(string Uuid, IReadOnlyList<DigestItem> Items);
    sealed record DigestPage(IReadOnlyList<DigestLine> Data, string? NextCursor);

    static async Task<List<DigestLine>> AllPagesAsync(HttpClient client, string query)
    {
        var digests = new List<DigestLine>();
        string? cursor = null;
        do
        {
            using var response = await client.PostAsync($"/admin/digests?apikey={Site}&{query}{(cursor is null ? "" : $"&cursor={cursor}")}", null);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.OK, body);
            var page = JsonSerializer.Deserialize<DigestPage>(body, RunningServer.Json)!;
            digests.AddRange(page.Data);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return digests;
    }

    [Fact]
    public async Task The_admin_call_needs_the_secret_pages_through_the_readers_of_the_window_and_never_repeats_a_read_or_sent_article()
    {
        using var data = new TempDirectory();
        Catalogues.Import(data.Path, Site, File.ReadLines(Catalogues.SamplePath));
        await using var server = await RunningServer.StartAsync(data.Path);
        var sport = Catalogues.Sample().Where(a => a.Section == "sport").Select(a => a.Url).ToList();
        await server.TrainAsync(Site, "gone-quiet", sport[0]);
        server.Clock.Advance(TimeSpan.FromDays(8));
        var active = Enumerable.Range(0, 5).Select(r => $"reader-{r}").ToList();
        foreach (var reader in active)
        {
            await server.TrainAsync(Site, reader, sport[0]);
            await server.TrainAsync(Site, reader, sport[1]);
        }
        using var anonymous = new HttpClient { BaseAddress = server.Client.BaseAddress };

        using (var without = await anonymous.PostAsync($"/admin/digests?apikey={Site}", null))
            Assert.Equal(HttpStatusCode.Unauthorized, without.StatusCode);
        using (var badCursor = await server.Client.PostAsync($"/admin/digests?apikey={Site}&cursor=not-a-cursor", null))
        {
            Assert.Equal(HttpStatusCode.BadRequest, badCursor.StatusCode);
            Assert.True((await badCursor.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("errors").TryGetProperty("cursor", out _));
        }

        var first = await AllPagesAsync(server.Client, "active_since=7d&limit=4&readers=2");
        var second = await AllPagesAsync(server.Client, "active_since=7d&limit=4&readers=2");

        // Three pages of two, each reader once, least recently trained first; the reader quiet for 8 days gets none.
        Assert.Equal(active, first.Select(d => d.Uuid));
        Assert.Equal(active, second.Select(d => d.Uuid));
        foreach (var reader in active)
        {
            var sent = first.Single(d => d.Uuid == reader).Items.Select(i => i.Url).ToList();
            var sentAgain = second.Single(d => d.Uuid == reader).Items.Select(i => i.Url).ToList();
            Assert.Equal(4, sent.Count);
            Assert.Equal(4, sentAgain.Count);
            Assert.Empty(sent.Intersect(sentAgain));
            Assert.DoesNotContain(sport[0], sent.Concat(sentAgain));
            Assert.DoesNotContain(sport[1], sent.Concat(sentAgain));
        }
        // Interests first: the sport reader's first item is sport, because of what they read.
        Assert.All(first, d => Assert.StartsWith("because you read", d.Items[0].Reason));
        Assert.All(first, d => Assert.Equal("sport", d.Items[0].Section));
    }

    [Fact]
    public async Task The_command_writes_a_digest_per_reader_of_the_window_and_a_second_run_sends_nothing_again()
    {
        using var data = new TempDirectory();
        var folder = new DataFolder(data.Path);
        Catalogues.Import(data.Path, Site, File.ReadLines(Catalogues.SamplePath));
        var science = Catalogues.Sample().Where(a => a.Section == "science").Select(a => a.Url).ToList();
        // The command runs on the real clock: the profiles are trained on it, one reader ten days back.
        var tenDaysAgo = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-10));
        using (var old = new SqliteProfileStore(folder.Profiles, new ProfileStoreOptions(), tenDaysAgo))
            await old.TrainAsync(Site, "gone-quiet", science[0], tenDaysAgo.GetUtcNow(), 1, CancellationToken.None);
        using (var store = new SqliteProfileStore(folder.Profiles, new ProfileStoreOptions()))
        {
            foreach (var reader in new[] { "reader-a", "reader-b" })
                await store.TrainAsync(Site, reader, science[0], DateTimeOffset.UtcNow, 1, CancellationToken.None);
        }

        async Task<List<DigestLine>> Run(string name)
        {
            var output = data.File(name);
            using var digest = RecommenderProcess.Start("digest", "--site", Site, "--data", data.Path, "--active-since", "7d", "--limit", "5", "--out", output);
            Assert.True(await digest.WaitForExitAsync(TimeSpan.FromMinutes(2)) == 0, digest.Output);
            Assert.Contains("Wrote 2 digests for 2 readers", digest.Output);
            return [.. File.ReadLines(output).Select(line => JsonSerializer.Deserialize<DigestLine>(line, RunningServer.Json)!)];
        }

        var first = await Run("first.jsonl");
        var second = await Run("second.jsonl");

        Assert.Equal(["reader-a", "reader-b"], first.Select(d => d.Uuid));
        Assert.Equal(["reader-a", "reader-b"], second.Select(d => d.Uuid));
        foreach (var (sent, sentAgain) in first.Zip(second))
        {
            var urls = sent.Items.Select(i => i.Url).Concat(sentAgain.Items.Select(i => i.Url)).ToList();
            Assert.Equal(10, urls.Count);
            Assert.Equal(10, urls.Distinct().Count());
            Assert.DoesNotContain(science[0], urls);
            Assert.All(sent.Items.Concat(sentAgain.Items), item => Assert.False(string.IsNullOrEmpty(item.Title)));
        }
    }
}
