using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Recommender.Core.Articles;
using Recommender.Core.Indexing;
using Recommender.Core.Sites;
using Recommender.Tests;
using Xunit.Abstractions;

namespace Recommender.Server.Tests.Api;

/// <summary>What a server or an import acknowledged survives a restart, and a kill.</summary>
public sealed class DurabilityTests(ITestOutputHelper output) : IDisposable
{
    const string Site = Catalogues.SampleSite;
    readonly TempDirectory data = new();

    public void Dispose() => data.Dispose();

    [Fact]
    public async Task Profiles_survive_a_restart_on_the_same_data_folder()
    {
        Catalogues.Import(data.Path, Site, File.ReadLines(Catalogues.SamplePath));
        var urls = Catalogues.Sample().Take(4).Select(a => a.Url).ToList();
        var clock = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(RunningServer.Start);
        IReadOnlyList<HistoryEntry> before;
        await using (var first = await RunningServer.StartAsync(data.Path, clock: clock))
        {
            foreach (var url in urls)
            {
                await first.TrainAsync(Site, "returning-reader", url);
                clock.Advance(TimeSpan.FromMinutes(3));
            }
            before = await first.HistoryAsync(Site, "returning-reader");
        }

        await using var second = await RunningServer.StartAsync(data.Path, clock: clock);

        var after = await second.HistoryAsync(Site, "returning-reader");
        Assert.Equal(urls.AsEnumerable().Reverse(), after.Select(h => h.Url));
        Assert.Equal(before, after);
        Assert.All(await second.ListAsync($"/related?apikey={Site}&uuid=returning-reader"), a => Assert.StartsWith("because you read", a.Reason));
    }

    [Fact]
    public async Task Every_acknowledged_training_survives_a_killed_server()
    {
        Catalogues.Import(data.Path, Site, File.ReadLines(Catalogues.SamplePath));
        var urls = Catalogues.Sample().Select(a => a.Url).ToList();

        var (server, client) = await RecommenderProcess.ServeAsync(data.Path);
        using (server)
        using (client)
        {
            for (var i = 0; i < urls.Count; i++)
            {
                using var response = await client.PostAsync($"/profile?apikey={Site}&uuid=reader-of-a-killed-server&url={Uri.EscapeDataString(urls[i])}", null);
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                Assert.Equal(i + 1, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("data").GetProperty("profile_size").GetInt32());
            }
            server.Kill();
        }

        var (restarted, again) = await RecommenderProcess.ServeAsync(data.Path);
        using (restarted)
        using (again)
        {
            var history = await again.GetFromJsonAsync<Listing<HistoryEntry>>($"/history?apikey={Site}&uuid=reader-of-a-killed-server", RunningServer.Json);
            Assert.Equal(urls.ToHashSet(), history!.Data.Select(h => h.Url).ToHashSet());
            Assert.Equal(urls.Count, history.Data.Count);
            // The index the killed server held open opens again, with the catalogue.
            using var related = await again.GetAsync($"/related?apikey={Site}&url={Uri.EscapeDataString(urls[0])}");
            Assert.Equal(HttpStatusCode.OK, related.StatusCode);
            Assert.Contains("related to", await related.Content.ReadAsStringAsync());
        }
    }

    [Fact]
    public async Task An_index_killed_in_the_middle_of_an_import_reopens_and_a_second_import_completes_it()
    {
        const string site = "big.example";
        const int articles = 10_000;
        var file = data.File("big.jsonl");
        File.WriteAllLines(file, SyntheticArticles(articles));
        var dataFolder = new DataFolder(Path.Combine(data.Path, "data"));

        using (var import = RecommenderProcess.Start("import", "--site", site, "--data", dataFolder.Root, file))
        {
            // Once the writer is open, killed as soon as it puts anything on disk (a flush or a commit under way),
            // or, when it has not within 1.5 s, while it still buffers in memory: either is a kill mid-import.
            Assert.True(await Wait.UntilAsync(() => import.HasExited || File.Exists(Path.Combine(dataFolder.Index, "write.lock")), TimeSpan.FromSeconds(30)),
                $"the import did not open its index within 30 s: {import.Output}");
            await Wait.UntilAsync(() => import.HasExited || IsWriting(dataFolder.Index), TimeSpan.FromSeconds(1.5));
            Assert.False(import.HasExited, $"the import ended before it could be killed: {import.Output}");
            output.WriteLine($"files in the index just before the kill: {string.Join(", ", Directory.EnumerateFiles(dataFolder.Index).Select(Path.GetFileName))}");
            import.Kill();
        }

        using (var index = ArticleIndex.Open(dataFolder.Index))
        {
            Assert.InRange(index.Count(site), 0, articles);
        }
        // Registered when the import started, so the site answers before a second import completes it.
        var registered = JsonNode.Parse(File.ReadAllText(SiteRegistrations.PathIn(dataFolder.Root)))![SiteRegistrations.Section]![site]!;
        Assert.Equal(["big.example"], registered["AllowedHosts"]!.AsArray().Select(h => h!.GetValue<string>()));

        using (var import = RecommenderProcess.Start("import", "--site", site, "--data", dataFolder.Root, file))
        {
            Assert.True(await import.WaitForExitAsync(TimeSpan.FromMinutes(3)) == 0, import.Output);
        }
        using (var index = ArticleIndex.Open(dataFolder.Index))
        {
            Assert.Equal(articles, index.Count(site));
        }
    }

    static bool IsWriting(string indexDirectory) =>
        Directory.Exists(indexDirectory) && Directory.EnumerateFiles(indexDirectory).Any(f => Path.GetFileName(f) != "write.lock");

    static IEnumerable<string> SyntheticArticles(int count)
    {
        string[] sections = ["world", "business", "technology", "science", "sport"];
        string[] words = ["harbour", "council", "budget", "river", "match", "league", "vaccine", "orbit", "market", "rail", "school", "festival", "storm", "court", "energy", "harvest"];
        var random = new Random(7);
        for (var i = 0; i < count; i++)
        {
            var text = string.Join(' ', Enumerable.Range(0, 40).Select(_ => words[random.Next(words.Length)]));
            yield return JsonSerializer.Serialize(new ArticleJson
            {
                Url = $"https://big.example/{sections[i % sections.Length]}/{i}",
                Title = $"Story {i} on the {words[i % words.Length]}",
                Section = sections[i % sections.Length],
                PubDate = RunningServer.Start.AddMinutes(-i),
                Text = text,
            }, ArticleJson.Options);
        }
    }
}
