using Recommender.Server.Caching;

namespace Recommender.Server.Tests.Api;

/// <summary>The response cache's memory under a stream of requests that each ask something new.</summary>
public sealed class ResponseCacheLimitTests : IAsyncLifetime
{
    const string Site = Catalogues.SampleSite;

    readonly TempDirectory data = new();
    RunningServer server = null!;

    ListingMemory Memory => server.Services.GetRequiredService<ListingMemory>();

    public async Task InitializeAsync()
    {
        Catalogues.Import(data.Path, Site, File.ReadLines(Catalogues.SamplePath));
        server = await RunningServer.StartAsync(data.Path,
            ["--ResponseCache:MaxMegabytes=1", $"--Sites:{Site}:AllowedHosts:0=news.example.org", $"--Sites:{Site}:Defaults:CacheSeconds=600"]);
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        data.Dispose();
    }

    [Fact]
    public async Task Distinct_searches_keep_the_cache_within_its_size_and_it_still_keeps_new_answers()
    {
        const int limit = 1024 * 1024;
        var words = new[] { "said", "first", "about", "which", "will", "from" };
        var q = "";
        // Each answer lists about 30 of the 50 sample articles: 10 KiB or more, so 600 make several MiB.
        for (var i = 0; i < 600; i++)
        {
            q = $"{words[i % words.Length]} {i}";
            using var response = await server.Client.GetAsync($"/search?apikey={Site}&q={Uri.EscapeDataString(q)}&limit=100");
            response.EnsureSuccessStatusCode();
            Assert.True(Memory.EstimatedBytes <= limit, $"{Memory.EstimatedBytes} bytes after {i + 1} searches");
        }

        Assert.InRange(Memory.Entries, 1, 599);
        // A full cache drops a new answer until its background compaction has made room (5 %), then keeps it.
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (!await IsHitAsync($"/search?apikey={Site}&q={Uri.EscapeDataString(q)}&limit=100"))
            Assert.True(DateTime.UtcNow < deadline, "the cache kept no new answer after the stream");
    }

    [Fact]
    public async Task Distinct_readers_keep_their_answers_and_the_notes_of_whose_they_are_within_the_cache_size()
    {
        const int limit = 1024 * 1024;
        var articles = Catalogues.Sample();
        // Each answer lists 50 articles with reasons (about 20 KiB) beside its reader's note: 300 readers make several MiB.
        const int readers = 300;
        for (var i = 0; i < readers; i++)
        {
            var uuid = $"reader-{i}";
            await server.TrainAsync(Site, uuid, articles[i % articles.Count].Url);
            using var response = await server.Client.GetAsync($"/related?apikey={Site}&uuid={uuid}&limit=50");
            response.EnsureSuccessStatusCode();
            Assert.True(Memory.EstimatedBytes <= limit, $"{Memory.EstimatedBytes} bytes after {i + 1} readers");
        }

        var notes = Memory.Cache.Keys.OfType<string>().Count(k => k.StartsWith("listing-owner:", StringComparison.Ordinal));
        // The notes are in the bounded cache, and it let go of most of them with their readers' answers.
        Assert.InRange(notes, 1, readers - 1);
    }

    async Task<bool> IsHitAsync(string pathAndQuery)
    {
        using var response = await server.Client.GetAsync(pathAndQuery);
        response.EnsureSuccessStatusCode();
        return response.Headers.GetValues("X-Cache").Single() == "HIT";
    }

    [Fact]
    public async Task Pages_not_indexed_share_one_answer_per_site_and_request()
    {
        using (var first = await server.Client.GetAsync($"/related?apikey={Site}&url={Uri.EscapeDataString("https://news.example.org/junk/0")}"))
            first.EnsureSuccessStatusCode();
        var entries = Memory.Entries;

        for (var i = 1; i <= 200; i++)
        {
            var url = Uri.EscapeDataString($"https://news.example.org/junk/{i}");
            using var response = await server.Client.GetAsync($"/related?apikey={Site}&url={url}");
            response.EnsureSuccessStatusCode();
            Assert.Equal("HIT", response.Headers.GetValues("X-Cache").Single());
        }

        Assert.Equal(entries, Memory.Entries);
    }
}
