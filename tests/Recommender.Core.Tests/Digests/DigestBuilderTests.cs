using Microsoft.Extensions.Time.Testing;
using Recommender.Core.Articles;
using Recommender.Core.Digests;
using Recommender.Core.Indexing;
using Recommender.Core.Profiles;
using Recommender.Core.Recommendations;
using Recommender.Core.Tests.Indexing;

namespace Recommender.Core.Tests.Digests;

public sealed class DigestBuilderTests : IDisposable
{
    const string Site = "news.example";
    const int PerTopic = 12;
    static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    static readonly string[] Topics = ["cup", "harbour"];

    readonly FakeTimeProvider _clock = new(Start);
    readonly TempIndexDirectory _indexDir = new();
    readonly string _dataDir = Directory.CreateTempSubdirectory("digests-").FullName;
    readonly ArticleIndex _index;
    readonly SqliteProfileStore _profiles;
    readonly SentDigests _sent;
    readonly DigestBuilder _digests;

    public DigestBuilderTests()
    {
        _index = ArticleIndex.Open(_indexDir.Path);
        for (var n = 0; n < PerTopic; n++)
        {
            _index.Upsert(Article("cup", n, $"The cup match {n} in the stadium ended with a late goal and penalties before the final whistle."));
            _index.Upsert(Article("harbour", n, $"The harbour bridge {n} reopened after repairs to its cables, deck and tolls by the port."));
        }
        _index.Refresh();
        _profiles = new SqliteProfileStore(Path.Combine(_dataDir, "profiles"), new ProfileStoreOptions(), _clock);
        _sent = new SentDigests(Path.Combine(_dataDir, "sent"), new SentDigestOptions(), _clock);
        _digests = new DigestBuilder(new RelatedArticles(_index, new ProfileQueryBuilder(new ProfileQueryOptions()), _clock), _profiles, _sent);
    }

    public void Dispose()
    {
        _sent.Dispose();
        _profiles.Dispose();
        _index.Dispose();
        _indexDir.Dispose();
        Directory.Delete(_dataDir, recursive: true);
    }

    static Article Article(string topic, int n, string text) => new()
    {
        Site = Site, Url = Url(topic, n), Title = $"{topic} story {n}", Section = topic, Text = text,
        PubDate = Start.AddHours(-(n * Topics.Length + Array.IndexOf(Topics, topic))),
    };

    static string Url(string topic, int n) => $"https://{Site}/{topic}/{n}";

    static RecommendationRequest Request(int limit) => new() { Filter = new ArticleFilter { Site = Site }, Limit = limit };

    async Task Read(string uuid, params string[] urls)
    {
        foreach (var url in urls) await _profiles.TrainAsync(Site, uuid, url, _clock.GetUtcNow(), 1, CancellationToken.None);
    }

    async Task<IReadOnlyList<Digest>> AllDigests(DateTimeOffset since, int limit, int readersPerPage = 1000)
    {
        var digests = new List<Digest>();
        ActiveReader? after = null;
        do
        {
            var page = await _digests.PageAsync(since, after, readersPerPage, Request(limit), CancellationToken.None);
            digests.AddRange(page.Digests);
            after = page.Last;
        }
        while (after is not null);
        return digests;
    }

    [Fact]
    public async Task A_digest_never_repeats_a_read_or_an_already_sent_article_over_two_runs_in_a_row()
    {
        string[] reads = [Url("cup", 0), Url("cup", 1), Url("cup", 2)];
        await Read("reader-1", reads);

        var first = Assert.Single(await AllDigests(Start.AddDays(-7), limit: 6));
        _clock.Advance(TimeSpan.FromDays(7));
        var second = Assert.Single(await AllDigests(Start.AddDays(-7), limit: 6));

        var firstUrls = first.Items.Select(i => i.Article.Url).ToList();
        var secondUrls = second.Items.Select(i => i.Article.Url).ToList();
        Assert.Equal(6, firstUrls.Count);
        Assert.Equal(6, secondUrls.Count);
        Assert.Equal(12, firstUrls.Concat(secondUrls).Distinct().Count());
        Assert.Empty(firstUrls.Concat(secondUrls).Intersect(reads));
        // Interests lead (the reader reads about the cup), and every third item is what is new on the site.
        Assert.All(first.Items.Where((_, i) => i % 3 != 2), item => Assert.Equal("cup", item.Article.Section));
        Assert.All(first.Items.Where((_, i) => i % 3 != 2), item => Assert.StartsWith("because you read", item.Reason));
        Assert.All(first.Items.Where((_, i) => i % 3 == 2), item => Assert.DoesNotContain("because you read", item.Reason));
    }

    [Fact]
    public async Task Readers_outside_the_window_are_skipped_and_every_reader_inside_it_is_covered_across_pages()
    {
        await Read("inactive", Url("harbour", 0));
        _clock.Advance(TimeSpan.FromDays(10));
        for (var r = 0; r < 5; r++) await Read($"active-{r}", Url("cup", r));

        var digests = await AllDigests(_clock.GetUtcNow().AddDays(-7), limit: 3, readersPerPage: 2);

        Assert.Equal(Enumerable.Range(0, 5).Select(r => $"active-{r}"), digests.Select(d => d.Uuid));
        Assert.All(digests, d => Assert.Equal(3, d.Items.Count));
    }

    [Theory]
    [InlineData(6, 6, 6, "iitiit")]
    [InlineData(6, 1, 6, "ittttt")]
    [InlineData(6, 6, 0, "iiiiii")]
    [InlineData(1, 6, 6, "t")]
    [InlineData(5, 2, 1, "iit")]
    public void Every_third_item_is_trending_and_either_side_fills_in_for_the_other(int limit, int interests, int trending, string expected)
    {
        static Recommendation Item(string kind, int n) => new(new Article { Site = Site, Url = $"https://{Site}/{kind}/{n}" }, 1, kind);

        var mixed = DigestBuilder.Mix([.. Enumerable.Range(0, interests).Select(n => Item("i", n))], [.. Enumerable.Range(0, trending).Select(n => Item("t", n))], limit);

        Assert.Equal(expected, string.Concat(mixed.Select(m => m.Reason)));
        Assert.Equal(mixed.Count, mixed.Select(m => m.Article.Url).Distinct().Count());
    }
}
