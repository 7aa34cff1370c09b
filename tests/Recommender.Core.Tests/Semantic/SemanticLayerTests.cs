using Recommender.Core.Articles;
using Recommender.Core.Evaluation;
using Recommender.Core.Indexing;
using Recommender.Core.Profiles;
using Recommender.Core.Recommendations;
using Recommender.Core.Semantic;
using Recommender.Core.Sites;
using Recommender.Core.Tests.Indexing;

namespace Recommender.Core.Tests.Semantic;

/// <summary>
/// The semantic layer with the real model, loaded once for the whole test process (<see cref="MiniLmEmbedder.Shared"/>):
/// sport and business articles that share no word, so that only meaning can tell them apart.
/// </summary>
public sealed class SemanticLayerTests : IDisposable
{
    const string Site = "news.example";
    static readonly DateTimeOffset Now = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);

    static readonly (string Path, string Title, string Text)[] Sport =
    [
        ("derby", "Striker scores twice in the derby", "United beat City after a late header in front of a full stadium."),
        ("tennis", "Champion reaches the Wimbledon final", "She won in straight sets on the grass court and now meets the top seed."),
        ("marathon", "Runner breaks the marathon record", "The athlete crossed the finishing line in Berlin two minutes ahead of the field."),
        ("cricket", "Bowler takes five wickets at Lord's", "England dismissed the visitors before tea on the second day of the test."),
        ("injury", "City striker injured before the derby", "The club said the forward will miss the match at the stadium."),
    ];

    static readonly (string Path, string Title, string Text)[] Business =
    [
        ("rates", "Central bank raises interest rates", "Borrowing costs climb to their highest level in a decade as inflation persists."),
        ("shares", "Shares slide as profits disappoint", "The retailer's quarterly earnings fell short of analysts' forecasts."),
        ("merger", "Carmakers agree a merger worth billions", "Investors welcomed the deal, which regulators must still approve."),
        ("jobs", "Unemployment falls to a record low", "Employers added hundreds of thousands of workers to their payrolls last month."),
        ("lender", "Bank profits beat forecasts", "The lender's earnings rose as interest rates climbed."),
    ];

    readonly TempIndexDirectory _dir = new();
    readonly FakeClock _clock = new();

    public void Dispose() => _dir.Dispose();

    static string Url(string path) => $"https://{Site}/{path}";

    static IEnumerable<Article> Catalogue(string site = Site, string? language = null) =>
        Sport.Concat(Business).Select(a => new Article { Site = site, Url = Url(a.Path), Title = a.Title, Text = a.Text, Language = language });

    ArticleIndex OpenWith(ArticleEmbedder? embedder) => ArticleIndex.Open(_dir.Path, new ArticleIndexOptions { Embedder = embedder });

    ArticleIndex Indexed(ArticleEmbedder? embedder)
    {
        var index = OpenWith(embedder);
        foreach (var article in Catalogue()) index.Upsert(article);
        index.Refresh();
        return index;
    }

    RelatedArticles Related(ArticleIndex index) => new(index, new ProfileQueryBuilder(new ProfileQueryOptions { MinDocFreq = 1 }), _clock);

    [Fact]
    public void Vectors_are_stored_with_the_articles_and_survive_reopening_the_index()
    {
        float[] stored;
        using (var index = Indexed(ArticleEmbedder.ForAllSites))
        {
            stored = index.WithSearcher(s => ArticleDocuments.VectorOf(s.IndexReader, index.DocOf(s, Site, Url("derby"))!.Value))!.ToFloats();
        }

        // Reopened without an embedder: nothing computes a vector now, so any found was stored.
        using var reopened = OpenWith(embedder: null);
        var again = reopened.WithSearcher(s => ArticleDocuments.VectorOf(s.IndexReader, reopened.DocOf(s, Site, Url("derby"))!.Value));

        Assert.NotNull(again);
        Assert.Equal(MiniLmEmbedder.Dimensions, again.Dimensions);
        Assert.Equal(stored, again.ToFloats());
        var fresh = MiniLmEmbedder.Shared.Embed([ArticleEmbedder.TextOf(Catalogue().First())])[0];
        Assert.InRange(again.Cosine(fresh), 0.99, 1.0);
    }

    [Fact]
    public void A_reader_of_sport_gets_sport_from_the_semantic_side()
    {
        using var index = Indexed(ArticleEmbedder.ForAllSites);
        var history = new[] { Read("derby", hoursAgo: 1), Read("tennis", hoursAgo: 30) };
        var candidates = new[] { "marathon", "rates", "cricket", "shares", "merger", "jobs" }.Select(Url).ToList();

        var scores = Related(index).SemanticScores(history, candidates, Request(0));

        var ranked = candidates.Zip(scores).OrderByDescending(c => c.Second).Select(c => c.First).ToList();
        Assert.All(scores, score => Assert.NotNull(score));
        Assert.Equal([Url("cricket"), Url("marathon")], ranked.Take(2).Order());
    }

    [Fact]
    public void Rank_orders_candidates_that_share_no_word_with_the_reads_by_meaning()
    {
        using var index = Indexed(ArticleEmbedder.ForAllSites);
        var queries = new ProfileQueryBuilder(new ProfileQueryOptions { MinDocFreq = 1 });
        var ranking = new CandidateRanking(index, new RelatedArticles(index, queries, _clock), queries);
        var history = new[] { Read("derby", hoursAgo: 1) };
        // None shares a word with the derby report; business first, so that the order given cannot pass for meaning.
        var candidates = new[] { "jobs", "merger", "marathon", "cricket" }.Select(Url).ToList();

        var lexical = ranking.Rank(history, candidates, Request(0));
        var blended = ranking.Rank(history, candidates, Request(SemanticWeights.Default));

        Assert.Equal(candidates, lexical.Select(r => r.Url));
        Assert.Equal([Url("cricket"), Url("marathon")], blended.Take(2).Select(r => r.Url).Order());
        Assert.All(blended.Take(2), r => Assert.Equal(CandidateRanking.CloseInMeaning, r.Reason));
        Assert.True(blended[1].Score > blended[2].Score, $"sport {blended[1].Score:0.000}, business {blended[2].Score:0.000}");
    }

    [Fact]
    public void Eval_impressions_scores_meaning_where_the_clicks_share_no_word_with_the_history()
    {
        var catalogue = Sport.Concat(Business).Select(a => new LabelledArticle(
            new Article { Site = EvalWorkspace.Site, Url = LabelledCatalogue.MindUrl(a.Path), Title = a.Title, Text = a.Text },
            a.Path, null, new HashSet<string>(), a.Path)).ToList();
        // A reader of the derby clicks the two sport candidates, none of which shares a word with it.
        var log = ReadingLog.ReadMind(["1	U1		derby	jobs-0 marathon-1 merger-0 cricket-1"]);
        using var lexicalOnly = EvalWorkspace.Create(catalogue, new ProfileQueryOptions { MinDocFreq = 1 });
        using var semantic = EvalWorkspace.Create(catalogue, new ProfileQueryOptions { MinDocFreq = 1 }, embedder: ArticleEmbedder.ForAllSites);

        var report = ImpressionEvaluation.Run(log, catalogue.Select(a => a.Article.Url).ToHashSet(), semantic.CandidateScorers,
            EvalWorkspace.Request(10), semantic.Clock, seed: 1);

        Assert.Equal(["lexical"], lexicalOnly.CandidateScorers.Select(s => s.Name));
        Assert.Equal(1, report.Scored);
        Assert.Equal(1, report.Rows.Single(r => r.Strategy == "semantic").Scores["AUC"]);
        Assert.Equal(1, report.Rows.Single(r => r.Strategy == "hybrid").Scores["AUC"]);
    }

    [Fact]
    public void A_reader_vector_follows_the_recent_reads_more_than_the_old_ones()
    {
        using var index = Indexed(ArticleEmbedder.ForAllSites);
        var candidates = new[] { Url("marathon"), Url("jobs") };
        var related = Related(index);

        // Both read a sport and a business article; only which one is recent differs (half-life 48 h, 10 days apart).
        var sportRecent = related.SemanticScores([Read("derby", hoursAgo: 1), Read("rates", hoursAgo: 240)], candidates, Request(0));
        var businessRecent = related.SemanticScores([Read("rates", hoursAgo: 1), Read("derby", hoursAgo: 240)], candidates, Request(0));

        Assert.True(sportRecent[0] > sportRecent[1], $"sport read recently: marathon {sportRecent[0]:0.000}, jobs {sportRecent[1]:0.000}");
        Assert.True(businessRecent[1] > businessRecent[0], $"business read recently: marathon {businessRecent[0]:0.000}, jobs {businessRecent[1]:0.000}");
    }

    [Fact]
    public void With_the_semantic_layer_off_the_answer_is_the_lexical_one()
    {
        List<(string, double)> lexical;
        using (var plain = Indexed(embedder: null))
        {
            lexical = Answer(Related(plain).ForArticle(Url("derby"), Request(0)));
        }
        _dir.Dispose();

        using var index = Indexed(ArticleEmbedder.ForAllSites);
        var off = Answer(Related(index).ForArticle(Url("derby"), Request(0)));
        var on = Answer(Related(index).ForArticle(Url("derby"), Request(SemanticWeights.Default)));

        Assert.NotEmpty(lexical);
        Assert.Equal(lexical, off);
        // On, the meaning adds to the scores of the same lexical window.
        Assert.NotEqual(lexical.Select(a => a.Item2), on.Select(a => a.Item2));
    }

    [Fact]
    public void A_site_in_German_gets_no_semantic_layer()
    {
        var sites = new Dictionary<string, SiteOptions> { ["de.example"] = new() { Language = "de" }, [Site] = new() };
        var embedder = new ArticleEmbedder(() => MiniLmEmbedder.Shared, site => sites[site].SemanticOn);
        using var index = OpenWith(embedder);
        foreach (var article in Catalogue("de.example").Take(2).Concat(Catalogue().Take(2))) index.Upsert(article);
        index.Refresh();

        Assert.False(sites["de.example"].SemanticOn);
        Assert.False(new SiteOptions { Language = "de", Semantic = true }.SemanticOn);
        Assert.True(sites[Site].SemanticOn);
        Assert.False(embedder.Needs(Catalogue(Site, language: "de").First()));
        index.WithSearcher(s =>
        {
            Assert.Null(ArticleDocuments.VectorOf(s.IndexReader, index.DocOf(s, "de.example", Url("derby"))!.Value));
            Assert.NotNull(ArticleDocuments.VectorOf(s.IndexReader, index.DocOf(s, Site, Url("derby"))!.Value));
            return 0;
        });
    }

    static List<(string Url, double Score)> Answer(IReadOnlyList<Recommendation>? answer) =>
        [.. (answer ?? []).Select(r => (r.Article.Url, Math.Round(r.Score, 9)))];

    static RecommendationRequest Request(double semanticWeight) => new()
    {
        Filter = new ArticleFilter { Site = Site },
        SemanticWeight = semanticWeight,
        CollapseStories = false,
    };

    static ProfileEntry Read(string path, double hoursAgo) => new(Url(path), Now.AddHours(-hoursAgo), 1);

    sealed class FakeClock : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
