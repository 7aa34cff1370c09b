using Recommender.Core.Evaluation;
using Recommender.Core.Recommendations;

namespace Recommender.Core.Tests.Evaluation;

public class LogReplayTests
{
    // Eight articles; the log reads five of them, called a to e here in the order of their URLs (which break ties).
    static readonly List<LabelledArticle> Catalogue = EvalCatalogues.Labelled(perLabel: 2);
    static readonly Dictionary<string, string> Url = Catalogue.Select(a => a.Article.Url).Order(StringComparer.Ordinal)
        .Zip(["a", "b", "c", "d", "e"]).ToDictionary(p => p.Second, p => p.First);

    /// <summary>uuid, article, minute: the tiny log whose scores are worked out by hand below.</summary>
    static readonly (string Uuid, string Article, int Minute)[] TinyLog =
    [
        ("u1", "a", 1), ("u2", "b", 2), ("u2", "c", 3), ("u3", "c", 4), ("u1", "d", 5), ("u3", "e", 6), ("u1", "e", 7), ("u3", "b", 8),
    ];

    static string[] CsvLines(IEnumerable<(string Uuid, string Article, int Minute)> reads) =>
        ["uuid,url,timestamp,event", .. reads.Select(r => $"{r.Uuid},{Url[r.Article]},2020-03-01T10:{r.Minute:00}:00Z,view")];

    static IReadOnlyList<StrategyScores> Replay(string[] lines, int k = 3)
    {
        var log = ReadingLog.ReadRows(lines, ReadingLog.CsvRow);
        using var workspace = EvalWorkspace.Create(Catalogue, new ProfileQueryOptions());
        return LogReplay.Run(workspace, log, k, sampleReaders: null, seed: 1);
    }

    [Fact]
    public void Popular_on_a_tiny_log_scores_as_worked_out_by_hand()
    {
        var popular = Replay(CsvLines(TinyLog)).Single(s => s.Strategy == "popular");

        // Scored clicks (reader has read before), popular top 3 from earlier clicks only, unread, ties by URL (a < b < c < d < e):
        //   u2@3: views a1 b1, read {b}       → [a]      future {c}    → no hit
        //   u1@5: views a1 b1 c2, read {a}    → [c, b]   future {d, e} → no hit
        //   u3@6: views a1 b1 c2 d1, read {c} → [a, b, d] future {e, b} → b at 2: AP (1/2)/2, RR 1/2, recall 1/2
        //   u1@7: + e1, read {a, d}           → [c, b, e] future {e}    → e at 3: AP 1/3, RR 1/3, recall 1
        //   u3@8: + e2, read {c, e}           → [a, b, d] future {b}    → b at 2: AP 1/2, RR 1/2, recall 1
        var scores = popular.Scores;
        Assert.Equal(5, popular.Counts["MAP@3"]);
        Assert.Equal((0 + 0 + 0.25 + 1 / 3.0 + 0.5) / 5, scores["MAP@3"], 9);
        Assert.Equal((0 + 0 + 0.5 + 1 / 3.0 + 0.5) / 5, scores["MRR"], 9);
        Assert.Equal((0 + 0 + 0.5 + 1 + 1) / 5, scores["recall@3"], 9);
        var atTwo = 1 / Math.Log2(3);
        Assert.Equal((0 + 0 + atTwo / (1 + atTwo) + 0.5 + atTwo) / 5, scores["nDCG@3"], 9);
        // Listed: a, b, c, d, e of 8 articles. Last lists: u2 [a], u1 [c, b, e], u3 [a, b, d]: a and b each shared by one pair.
        Assert.Equal(5 / 8.0, scores["coverage"], 9);
        Assert.Equal(1 - 2 / (3.0 * 3), scores["uniqueness"], 9);
    }

    [Fact]
    public void The_replay_follows_log_time_not_line_order()
    {
        var inOrder = Replay(CsvLines(TinyLog));
        var shuffled = TinyLog.ToArray();
        new Random(5).Shuffle(shuffled);
        var outOfOrder = Replay(CsvLines(shuffled));

        foreach (var (expected, actual) in inOrder.Zip(outOfOrder))
        {
            Assert.Equal(expected.Strategy, actual.Strategy);
            Assert.Equal(expected.Scores, actual.Scores);
        }
    }

    [Fact]
    public void No_strategy_sees_reads_that_come_later()
    {
        // u1 reads a, then b; only afterwards do four other readers make b the most read article, and u1 go on to c.
        (string, string, int)[] reads = [("u1", "a", 1), ("u1", "b", 2), ("u2", "b", 3), ("u3", "b", 4), ("u4", "b", 5), ("u5", "b", 6)];
        var scores = Replay(CsvLines(reads), k: 5);

        // At u1's second click only a had been read: popular and trending have nothing unread to offer, and could
        // only have found b by looking ahead.
        foreach (var name in new[] { "popular", "trending" })
        {
            var strategy = scores.Single(s => s.Strategy == name);
            Assert.Equal(1, strategy.Counts["MRR"]);
            Assert.Equal(0, strategy.Scores["MRR"]);
        }
    }

    [Fact]
    public void Every_strategy_is_scored_at_every_scored_click()
    {
        var scores = Replay(CsvLines(TinyLog));
        Assert.Equal(["contextual", "personalised", "popular", "trending", "hybrid α=0", "hybrid α=0.25", "hybrid α=0.5", "hybrid α=0.75", "hybrid α=1"],
            scores.Select(s => s.Strategy));
        Assert.All(scores, s => Assert.Equal(5, s.Counts["nDCG@3"]));
        // Hybrid with α = 1 is the personalised ranking.
        Assert.Equal(scores.Single(s => s.Strategy == "personalised").Scores, scores.Single(s => s.Strategy == "hybrid α=1").Scores);
    }
}
