using System.Text.Json;
using Recommender.Tests;
using Xunit.Abstractions;

namespace Recommender.Server.Tests.Api;

/// <summary>One server over the real BBC News catalogue (2,225 articles, 5 sections), when the data set is on the machine.</summary>
public sealed class BbcServerFixture : IAsyncLifetime
{
    public const string Site = "bbc-news.example";
    readonly TempDirectory data = new();
    RunningServer? server;

    /// <summary>Every article's URL by section, in catalogue order.</summary>
    public ILookup<string, string> UrlsBySection { get; private set; } = Array.Empty<string>().ToLookup(u => u);

    public async Task InitializeAsync()
    {
        if (SharedData.Root is null || !File.Exists(Path.Combine(SharedData.Root, "bbc-news.jsonl"))) return;
        var lines = File.ReadAllLines(Path.Combine(SharedData.Root, "bbc-news.jsonl"));
        UrlsBySection = lines.Select(l => JsonSerializer.Deserialize<CatalogueLine>(l, RunningServer.Json)!).ToLookup(a => a.Section, a => a.Url);
        Catalogues.Import(data.Path, Site, lines);
        server = await RunningServer.StartAsync(data.Path);
    }

    /// <summary>The server, or a skip when the data set is absent.</summary>
    public RunningServer Require()
    {
        SharedData.Require("bbc-news.jsonl");
        return server!;
    }

    sealed record CatalogueLine(string Url, string Section);

    public async Task DisposeAsync()
    {
        if (server is not null) await server.DisposeAsync();
        data.Dispose();
    }
}

public sealed class BbcReaderTests(BbcServerFixture fixture, ITestOutputHelper output) : IClassFixture<BbcServerFixture>
{
    const string Site = BbcServerFixture.Site;

    static string ForReader(string uuid, string extra = "") => $"/related?apikey={Site}&uuid={uuid}{extra}";

    /// <summary>Five articles spread over the section, not five neighbours.</summary>
    IReadOnlyList<string> Spread(string section, int count)
    {
        var urls = fixture.UrlsBySection[section].ToList();
        return [.. Enumerable.Range(0, count).Select(i => urls[(i * 2 + 1) * urls.Count / (count * 2)])];
    }

    [SkippableTheory]
    [InlineData("sport")]
    [InlineData("business")]
    [InlineData("politics")]
    [InlineData("tech")]
    [InlineData("entertainment")]
    public async Task A_reader_trained_on_one_section_gets_that_section(string section)
    {
        var server = fixture.Require();
        var uuid = $"{section}-reader";
        foreach (var url in Spread(section, 5)) await server.TrainAsync(Site, uuid, url);

        var top = await server.ListAsync(ForReader(uuid, "&limit=10"));

        var same = top.Count(a => a.Section == section);
        output.WriteLine($"{section}: {same}/10 of the top 10 are {section}: {string.Join(", ", top.Select(a => a.Section))}");
        Assert.Equal(10, top.Count);
        Assert.True(same >= 8, $"only {same}/10 are {section}");
    }

    [SkippableFact]
    public async Task A_recent_read_outranks_an_old_one_and_swapping_the_times_flips_the_answer()
    {
        var server = fixture.Require();
        var sport = Spread("sport", 1)[0];
        var business = Spread("business", 1)[0];

        var (businessIsRecent, sportIsRecent) = await server.TrainInOppositeOrdersAsync(Site, sport, business, TimeSpan.FromDays(7));

        var recentBusiness = await server.ListAsync(ForReader(businessIsRecent, "&limit=10"));
        var recentSport = await server.ListAsync(ForReader(sportIsRecent, "&limit=10"));

        static int InSection(IEnumerable<ListedArticle> top, string section) => top.Count(a => a.Section == section);
        output.WriteLine($"business read last: {InSection(recentBusiness, "business")}/10 business; sport read last: {InSection(recentSport, "sport")}/10 sport");
        // A rare word of the old read still pulls (tf × idf picks the seed's terms and scoring weighs idf again),
        // so "mostly", not "only": the recent read's section holds the majority, and swapping the times swaps it.
        Assert.True(InSection(recentBusiness, "business") > 5, $"{InSection(recentBusiness, "business")}/10 business");
        Assert.True(InSection(recentSport, "sport") > 5, $"{InSection(recentSport, "sport")}/10 sport");
        Assert.True(InSection(recentSport, "sport") >= InSection(recentBusiness, "sport") + 5);
        Assert.True(InSection(recentBusiness, "business") >= InSection(recentSport, "business") + 5);
    }

    [SkippableFact]
    public async Task Articles_a_reader_has_read_never_come_back_on_any_page()
    {
        var server = fixture.Require();
        const string uuid = "bbc-reader-of-many";
        var read = Spread("tech", 20);
        foreach (var url in read) await server.TrainAsync(Site, uuid, url);

        var answered = new List<ListedArticle>();
        for (var page = 1; page <= 5; page++) answered.AddRange(await server.ListAsync(ForReader(uuid, $"&limit=20&page={page}")));

        Assert.Equal(100, answered.Count);
        Assert.Empty(answered.Select(a => a.Url).Intersect(read));
        Assert.Equal(100, answered.Select(a => a.Url).Distinct().Count());
    }
}
