using Recommender.Core.Articles;
using Recommender.Core.ClickThrough;
using Recommender.Core.Events;
using Recommender.Core.Evaluation;
using Recommender.Core.Indexing;
using Recommender.Core.Profiles;
using Recommender.Core.Recommendations;
using Recommender.Core.Tests.Indexing;

namespace Recommender.Core.Tests.Recommendations;

public sealed class CandidateRankingTests : IDisposable
{
    const string Site = "news.example";
    static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    readonly TempIndexDirectory _dir = new();
    readonly ArticleIndex _index;
    readonly CandidateRanking _ranking;

    public CandidateRankingTests()
    {
        _index = ArticleIndex.Open(_dir.Path);
        var queries = new ProfileQueryBuilder(new ProfileQueryOptions());
        _ranking = new CandidateRanking(_index, new RelatedArticles(_index, queries, new EvalClock { Now = Now }), queries);
        foreach (var (path, text) in new[]
        {
            ("harbour-bridge", "The harbour bridge reopened after repairs to its cables and deck."),
            ("harbour-tolls", "Tolls on the harbour bridge stay the same after the repairs to its cables."),
            ("bridge-cables", "New cables for the harbour bridge deck were made in the north."),
            ("cup-final", "The cup final ended in penalties after a goalless match in the stadium."),
            ("cup-replay", "The cup replay ended with a late goal after penalties were avoided in the stadium."),
            ("league-match", "The league match ended goalless in a half empty stadium before the cup final."),
        })
        {
            _index.Upsert(new Article { Site = Site, Url = Url(path), Title = path.Replace('-', ' '), Text = text });
        }
        _index.Refresh();
    }

    public void Dispose()
    {
        _index.Dispose();
        _dir.Dispose();
    }

    static string Url(string path) => $"https://{Site}/{path}";

    static RecommendationRequest Request => new() { Filter = new ArticleFilter { Site = Site } };

    static ProfileEntry Read(string path, TimeSpan age) => new(Url(path), Now - age, 1);

    [Fact]
    public void Candidates_go_by_the_readers_interests_with_unknown_ones_last_and_flagged()
    {
        var history = new[] { Read("cup-final", TimeSpan.FromHours(1)) };

        var ranked = _ranking.Rank(history, [Url("harbour-tolls"), "https://news.example/never-indexed", Url("cup-replay")], Request);

        Assert.Equal([Url("cup-replay"), Url("harbour-tolls"), "https://news.example/never-indexed"], ranked.Select(r => r.Url));
        Assert.True(ranked[0].Score > ranked[1].Score);
        Assert.StartsWith("because you read ‘cup final’", ranked[0].Reason);
        Assert.Equal("nothing in common with your reads", ranked[1].Reason);
        Assert.False(ranked[2].Indexed);
        Assert.Null(ranked[2].Score);
        Assert.Equal(CandidateRanking.NotIndexed, ranked[2].Reason);
    }

    [Theory]
    [InlineData(1, 24 * 30, "cup-replay")]
    [InlineData(24 * 30, 1, "bridge-cables")]
    public void An_old_read_counts_less_than_a_new_one(int hoursSinceCup, int hoursSinceBridge, string first)
    {
        // 30 days at a half-life of 48 h weigh 2^-15 of a read an hour old.
        var history = new[] { Read("cup-final", TimeSpan.FromHours(hoursSinceCup)), Read("harbour-bridge", TimeSpan.FromHours(hoursSinceBridge)) }
            .OrderByDescending(e => e.Time).ToList();

        var ranked = _ranking.Rank(history, [Url("bridge-cables"), Url("cup-replay")], Request);

        Assert.Equal(Url(first), ranked[0].Url);
    }

    [Fact]
    public void A_read_candidate_goes_after_the_unread_ones()
    {
        var history = new[] { Read("cup-final", TimeSpan.FromHours(1)) };

        var ranked = _ranking.Rank(history, [Url("cup-final"), Url("harbour-tolls"), Url("cup-replay")], Request);

        Assert.Equal([Url("cup-replay"), Url("harbour-tolls"), Url("cup-final")], ranked.Select(r => r.Url));
        Assert.Equal(CandidateRanking.AlreadyRead, ranked[2].Reason);
    }

    [Fact]
    public void A_reader_with_no_history_keeps_the_order_given_when_nothing_is_viewed()
    {
        var ranked = _ranking.Rank([], [Url("harbour-tolls"), Url("cup-replay"), Url("league-match")], Request);

        Assert.Equal([Url("harbour-tolls"), Url("cup-replay"), Url("league-match")], ranked.Select(r => r.Url));
        Assert.All(ranked, r => Assert.Equal("no reading history", r.Reason));
        Assert.Equal([0.0, 0.0, 0.0], ranked.Select(r => r.Score!.Value));
    }

    [Fact]
    public void Scores_are_in_the_order_given_and_null_for_what_is_not_indexed()
    {
        var history = new[] { Read("cup-final", TimeSpan.FromHours(1)) };

        var scores = _ranking.Score(history, [Url("harbour-tolls"), "https://news.example/never-indexed", Url("cup-replay")], Request);

        Assert.Equal(3, scores.Count);
        Assert.Null(scores[1]);
        Assert.True(scores[2] > scores[0]);
    }

    /// <summary>The site's click-through after its boxes showed each candidate 9 times and <paramref name="clicks"/> were clicked once per count.</summary>
    static ClickThroughRates Rates(params (string Path, int Clicks)[] clicks)
    {
        var model = new ArticleClickThrough();
        var answer = RecommendationId.ForAnswer("k", "related", null);
        var id = 0;
        List<PageEvent> events = [];
        foreach (var (path, count) in clicks)
        {
            for (var i = 0; i < 9; i++)
                events.Add(new($"s{id++}", Site, EventAction.Impression, Url("home"), null, "r", Now, 0, null, answer.ToString(), 1, [Url(path)]));
            for (var i = 0; i < count; i++)
                events.Add(new($"c{id++}", Site, EventAction.Pageview, Url(path), null, "r", Now, 0, null, answer.At(1).ToString()));
        }
        model.ProcessAsync(events, default);
        return model.For(Site);
    }

    [Fact]
    public void A_reader_with_no_history_gets_what_readers_click_where_it_is_shown_first()
    {
        var rates = Rates(("harbour-tolls", 1), ("cup-replay", 6));

        var ranked = _ranking.Rank([], [Url("harbour-tolls"), Url("league-match"), Url("cup-replay")],
            Request with { ClickThrough = new ClickThroughBlend(rates, ClickThroughBlend.DefaultAlpha) });

        Assert.Equal([Url("cup-replay"), Url("harbour-tolls"), Url("league-match")], ranked.Select(r => r.Url));
        Assert.Equal(CandidateRanking.ClickedWhereShown, ranked[0].Reason);
        Assert.True(ranked[0].Score > ranked[1].Score && ranked[1].Score > 0);
        Assert.Equal("no reading history", ranked[2].Reason);
    }

    [Theory]
    [InlineData(1.0, "cup-replay")]
    [InlineData(ClickThroughBlend.DefaultAlpha, "harbour-tolls")]
    public void The_sites_alpha_weighs_the_readers_interest_against_click_through(double alpha, string first)
    {
        var history = new[] { Read("cup-final", TimeSpan.FromHours(1)) };
        // The reader's interest is the cup; the site's readers click the tolls story far more.
        var rates = Rates(("harbour-tolls", 8), ("cup-replay", 1));

        var ranked = _ranking.Rank(history, [Url("harbour-tolls"), Url("cup-replay")], Request with { ClickThrough = new ClickThroughBlend(rates, alpha) });

        Assert.Equal(Url(first), ranked[0].Url);
    }
}
