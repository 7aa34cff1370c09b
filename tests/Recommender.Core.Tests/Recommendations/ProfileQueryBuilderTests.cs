using Recommender.Core.Articles;
using Recommender.Core.Indexing;
using Recommender.Core.Recommendations;
using Recommender.Core.Tests.Indexing;

namespace Recommender.Core.Tests.Recommendations;

public sealed class ProfileQueryBuilderTests : IDisposable
{
    const string Site = "news.example";
    readonly TempIndexDirectory _dir = new();
    readonly ArticleIndex _index;

    public ProfileQueryBuilderTests() => _index = ArticleIndex.Open(_dir.Path);

    public void Dispose()
    {
        _index.Dispose();
        _dir.Dispose();
    }

    void Add(string path, string text)
    {
        _index.Upsert(new Article { Site = Site, Url = $"https://{Site}/{path}", Title = path, Text = text });
        _index.Refresh();
    }

    List<string> QueryWordsFor(ProfileQueryBuilder builder, string path) => _index.WithSearcher(searcher =>
    {
        var seed = new Seed(_index.DocOf(searcher, Site, $"https://{Site}/{path}")!.Value, 1);
        return builder.Build(searcher.IndexReader, [seed]).Clauses.Select(c => c.Term.Bytes.Utf8ToString()).ToList();
    });

    [Fact]
    public void A_seeds_terms_are_computed_again_once_the_catalogue_has_grown()
    {
        Add("harbour", "The harbour bridge reopened with new steel cables.");
        Add("tolls", "Tolls on the harbour bridge stay the same.");
        Add("final", "The cup final ended in penalties.");
        var builder = new ProfileQueryBuilder(new ProfileQueryOptions());
        var before = QueryWordsFor(builder, "harbour");

        // "steel" was in no other article, so it could not relate the seed to anything; now it is in a second one.
        Add("works", "The steel works took on more staff.");
        var after = QueryWordsFor(builder, "harbour");

        Assert.Contains("bridg", before);
        Assert.DoesNotContain("steel", before);
        Assert.Contains("steel", after);
    }

    [Fact]
    public void Of_terms_that_score_alike_a_seed_keeps_the_first_in_the_index_order_whatever_the_text_order()
    {
        // Each word once in each article, so every term has the same tf × idf.
        Add("seed", "delta alpha charlie bravo");
        Add("other", "bravo charlie alpha delta");
        var builder = new ProfileQueryBuilder(new ProfileQueryOptions { TermsPerSeed = 2 });

        Assert.Equal(["alpha", "bravo"], QueryWordsFor(builder, "seed"));
    }
}
