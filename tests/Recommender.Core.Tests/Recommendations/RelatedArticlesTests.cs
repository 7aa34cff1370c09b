using Recommender.Core.Articles;
using Recommender.Core.Indexing;
using Recommender.Core.Profiles;
using Recommender.Core.Recommendations;
using Recommender.Core.Tests.Indexing;

namespace Recommender.Core.Tests.Recommendations;

public sealed class RelatedArticlesTests : IDisposable
{
    const string Site = "news.example";
    readonly TempIndexDirectory _dir = new();
    readonly ArticleIndex _index;
    readonly RelatedArticles _related;

    public RelatedArticlesTests()
    {
        _index = ArticleIndex.Open(_dir.Path);
        _related = new RelatedArticles(_index, new ProfileQueryBuilder(new ProfileQueryOptions()), TimeProvider.System);
        foreach (var (path, text) in new[]
        {
            ("harbour-bridge", "The harbour bridge reopened after repairs to its cables and deck."),
            ("harbour-tolls", "Tolls on the harbour bridge stay the same after the repairs."),
            ("bridge-cables", "New cables for the harbour bridge were made in the north."),
            ("cup-final", "The cup final ended in penalties after a goalless match."),
        })
        {
            _index.Upsert(new Article { Site = Site, Url = $"https://{Site}/{path}", Title = path.Replace('-', ' '), Text = text });
        }
        _index.AddAlias(Site, $"https://{Site}/harbour-bridge?page=2", $"https://{Site}/harbour-bridge");
        _index.Refresh();
    }

    public void Dispose()
    {
        _index.Dispose();
        _dir.Dispose();
    }

    static RecommendationRequest Request => new() { Filter = new ArticleFilter { Site = Site } };

    [Fact]
    public void Each_document_s_closest_seed_is_the_one_whose_terms_it_matches_most()
    {
        using var dir = new TempIndexDirectory();
        using var index = ArticleIndex.Open(dir.Path);
        foreach (var (path, text) in new[]
        {
            ("volcano", "Volcano lava flows as the volcano erupts again; lava reaches the sea."),
            ("market", "Stock market falls as shares slide; the market closes lower."),
            ("football", "Football match ends as the striker scores a late goal in the match."),
            ("lava", "Lava from the volcano closed roads."),
            ("shares", "Shares rose and the stock market recovered."),
            ("goal", "A goal in the football match, though a volcano erupted nearby."),
        })
        {
            index.Upsert(new Article { Site = Site, Url = $"https://{Site}/{path}", Title = path, Text = text });
        }
        index.Refresh();

        var closest = index.WithSearcher(searcher =>
        {
            int DocOf(string path) => index.DocOf(searcher, Site, $"https://{Site}/{path}")!.Value;
            Seed[] seeds = [new(DocOf("volcano"), 1), new(DocOf("market"), 1), new(DocOf("football"), 1)];
            var profile = new ProfileQueryBuilder(new ProfileQueryOptions { MinDocFreq = 1, MaxDocFreqRatio = 1 }).Build(searcher.IndexReader, seeds);
            return RelatedArticles.ClosestSeeds(searcher.IndexReader, [DocOf("lava"), DocOf("shares"), DocOf("goal")], profile, seeds);
        });

        // The goal report names a volcano too, but shares more with the football seed.
        Assert.Equal([0, 1, 2], closest);
    }

    [Fact]
    public void A_page_asked_for_at_another_address_never_recommends_itself()
    {
        var answer = _related.ForArticle($"https://{Site}/harbour-bridge?page=2", Request);

        Assert.NotNull(answer);
        Assert.NotEmpty(answer);
        Assert.DoesNotContain($"https://{Site}/harbour-bridge", answer.Select(r => r.Article.Url));
    }

    [Fact]
    public void A_read_trained_under_another_address_never_comes_back()
    {
        var history = new[] { new ProfileEntry($"https://{Site}/harbour-bridge?page=2", DateTimeOffset.UtcNow, 1) };

        var answer = _related.ForReader(history, Request);

        Assert.NotNull(answer);
        Assert.NotEmpty(answer);
        Assert.DoesNotContain($"https://{Site}/harbour-bridge", answer.Select(r => r.Article.Url));
        Assert.All(answer, r => Assert.StartsWith("because you read ‘harbour bridge’", r.Reason));
    }

    [Fact]
    public void A_reader_on_a_page_is_answered_as_if_the_page_were_their_newest_read()
    {
        var history = new[] { new ProfileEntry($"https://{Site}/cup-final", DateTimeOffset.UtcNow.AddHours(-1), 1) };

        var answer = _related.Answer(Request, $"https://{Site}/harbour-bridge", history);

        var urls = answer.Select(r => r.Article.Url).ToList();
        Assert.DoesNotContain($"https://{Site}/harbour-bridge", urls);
        Assert.DoesNotContain($"https://{Site}/cup-final", urls);
        Assert.Equal([$"https://{Site}/bridge-cables", $"https://{Site}/harbour-tolls"], urls.Order());
        Assert.All(answer, r => Assert.StartsWith("because you read ‘harbour bridge’", r.Reason));
    }

    [Fact]
    public void With_nothing_indexed_to_start_from_the_answer_is_the_sites_recent_articles()
    {
        var unknownPage = _related.Answer(Request, null, null);
        var readerWithoutReads = _related.Answer(Request, null, []);

        Assert.Equal(4, unknownPage.Count);
        Assert.All(unknownPage, r => Assert.Equal("new on this site", r.Reason));
        Assert.Equal(unknownPage.Select(r => r.Article.Url), readerWithoutReads.Select(r => r.Article.Url));
    }
}
