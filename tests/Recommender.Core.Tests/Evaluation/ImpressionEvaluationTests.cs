using Recommender.Core.Evaluation;
using Recommender.Core.Indexing;
using Recommender.Core.Profiles;
using Recommender.Core.Recommendations;

namespace Recommender.Core.Tests.Evaluation;

public class ImpressionEvaluationTests
{
    static readonly RecommendationRequest Request = new() { Filter = new ArticleFilter { Site = EvalWorkspace.Site } };

    /// <summary>Scores from a table, so that the metrics can be computed by hand.</summary>
    sealed class TableScorer(Dictionary<string, double> scores) : ICandidateScorer
    {
        public string Name => "table";

        public IReadOnlyList<double?> Score(IReadOnlyList<ProfileEntry> history, IReadOnlyList<string> urls, RecommendationRequest request) =>
            [.. urls.Select(url => (double?)scores[url])];
    }

    static string U(string id) => LabelledCatalogue.MindUrl(id);

    static readonly HashSet<string> Catalogue = [.. new[] { "a", "b", "c", "d", "e", "f" }.Select(U)];

    static readonly TableScorer Scores = new(new() { [U("a")] = 2, [U("b")] = 3, [U("c")] = 1, [U("d")] = 1, [U("e")] = 1, [U("f")] = 0 });

    // The time column is empty, as in NeMig: one moment.
    static ReadingLog TwoImpressions() => ReadingLog.ReadMind([
        "1\tU1\t\ta\ta-1 b-0 c-0",
        "2\tU2\t\tb\td-1 e-0 f-0",
    ]);

    static ImpressionReport Run(ReadingLog log, int seed) =>
        ImpressionEvaluation.Run(log, Catalogue, [Scores], Request, new EvalClock(), seed);

    [Fact]
    public void Metrics_match_hand_computed_values_with_a_tie_broken_by_the_seed()
    {
        // Impression 1, order b, a, c (no tie): AUC 1/2 (a beats c, loses to b), MRR 1/2, nDCG 1/log2(3).
        // Impression 2, d and e tie at 1: d, e, f gives AUC 1, MRR 1, nDCG 1; e, d, f gives AUC 1/2, MRR 1/2, nDCG 1/log2(3).
        var second = 1 / Math.Log2(3);
        (double Auc, double Mrr, double Ndcg) dFirst = ((0.5 + 1) / 2, (0.5 + 1) / 2, (second + 1) / 2);
        (double Auc, double Mrr, double Ndcg) eFirst = ((0.5 + 0.5) / 2, (0.5 + 0.5) / 2, (second + second) / 2);

        var outcomes = new List<(double, double, double)>();
        for (var seed = 1; seed <= 40; seed++)
        {
            var report = Run(TwoImpressions(), seed);
            var table = report.Rows.Single(r => r.Strategy == "table").Scores;
            var outcome = (table["AUC"], table["MRR"], table["nDCG@5"]);
            Assert.True(Close(outcome, dFirst) || Close(outcome, eFirst), $"seed {seed}: {outcome}");
            Assert.Equal(table["nDCG@5"], table["nDCG@10"], 12);
            Assert.Equal(2, report.Scored);
            outcomes.Add(outcome);
        }
        // The tie goes either way as the seed says, never always the file's way; and the same seed gives the same numbers.
        Assert.Contains(outcomes, o => Close(o, dFirst));
        Assert.Contains(outcomes, o => Close(o, eFirst));
        var again = Run(TwoImpressions(), 7).Rows.Single(r => r.Strategy == "table").Scores;
        Assert.True(Close((again["AUC"], again["MRR"], again["nDCG@5"]), outcomes[6]));
    }

    static bool Close((double, double, double) a, (double, double, double) b) =>
        Math.Abs(a.Item1 - b.Item1) < 1e-9 && Math.Abs(a.Item2 - b.Item2) < 1e-9 && Math.Abs(a.Item3 - b.Item3) < 1e-9;

    [Fact]
    public void The_first_scorer_is_also_blended_with_the_other_readers_click_through()
    {
        // The table puts b (3) above a (2); both readers clicked a, so for each the other reader's click favours a.
        var log = ReadingLog.ReadMind([
            "1\tU1\t\t\ta-1 b-0",
            "2\tU2\t\t\ta-1 b-0",
        ]);

        var rows = Run(log, seed: 1).Rows;

        Assert.Equal(0, rows.Single(r => r.Strategy == "table").Scores["AUC"]);
        // Click-through from the other reader: a 1/(1 + 1), b 0/(1 + 1). α = 0.25: a scores 0.25·2/3 + 0.75·1 ≈ 0.92, b 0.25·1 + 0 = 0.25.
        Assert.Equal(1, rows.Single(r => r.Strategy == "table+click-through α=0.25").Scores["AUC"]);
        // α = 0.75: a 0.75·2/3 + 0.25·1 = 0.75, b 0.75·1 = 0.75: a tie, which the seed breaks.
        Assert.Contains(rows.Single(r => r.Strategy == "table+click-through α=0.75").Scores["AUC"], new[] { 0.0, 1.0 });
    }

    [Fact]
    public void Co_read_ranks_what_readers_of_the_same_reads_clicked()
    {
        // Readers of c clicked a, readers of d clicked b; each reader is scored by a model of the others.
        var log = ReadingLog.ReadMind([
            "1	U1		c	a-1 b-0",
            "2	U2		c	a-1 b-0",
            "3	U3		d	a-0 b-1",
            "4	U4		d	a-0 b-1",
        ]);

        var report = Run(log, seed: 1);

        var coRead = report.Rows.Single(r => r.Strategy == ImpressionEvaluation.CoRead).Scores;
        Assert.Equal(1, coRead["AUC"]);
        Assert.Equal(1, coRead["MRR"]);
        Assert.Equal(["table", ImpressionEvaluation.CoRead], report.Personal);
        // Popularity ranks each reader's click last: of the three others, one clicked it and two the other article.
        Assert.Equal(0, report.Rows.Single(r => r.Strategy == ImpressionEvaluation.Popularity).Scores["AUC"]);
    }

    [Fact]
    public void Co_read_never_counts_the_readers_own_clicks()
    {
        // Both read c; each clicked what the other did not. The reader's own click would tie a and b (AUC 1 or 0 by the
        // seed, over many seeds both); the other's alone ranks the reader's click last on every seed.
        var log = ReadingLog.ReadMind([
            "1	U1		c	a-1 b-0",
            "2	U2		c	a-0 b-1",
        ]);

        for (var seed = 1; seed <= 10; seed++)
            Assert.Equal(0, Run(log, seed).Rows.Single(r => r.Strategy == ImpressionEvaluation.CoRead).Scores["AUC"]);
    }

    [Fact]
    public void Popularity_never_counts_the_readers_own_clicks()
    {
        // Each reader clicked what the other did not: counting its own click would rank it first (AUC 1);
        // counting only the other's ranks it last (AUC 0).
        var log = ReadingLog.ReadMind([
            "1\tU1\t\t\ta-1 b-0",
            "2\tU2\t\t\ta-0 b-1",
        ]);

        var report = Run(log, seed: 1);

        Assert.Equal(0, report.Rows.Single(r => r.Strategy == ImpressionEvaluation.Popularity).Scores["AUC"]);
        Assert.Equal(0, report.Rows.Single(r => r.Strategy == ImpressionEvaluation.ClickThrough).Scores["AUC"]);
        Assert.Equal(2, report.WithoutHistory);
    }

    [Fact]
    public void Impressions_without_a_click_or_with_every_candidate_clicked_are_skipped_and_counted()
    {
        var log = ReadingLog.ReadMind([
            "1\tU1\t\ta\ta-0 b-0",
            "2\tU1\t\ta\ta-1 b-1",
            "3\tU1\t\ta\tzz-1 yy-0",
            "4\tU1\t\ta\ta-1 b-0",
        ]);

        var report = Run(log, seed: 1);

        Assert.Equal(1, report.Scored);
        Assert.Equal(new Dictionary<string, int> { ["no click"] = 1, ["every candidate clicked"] = 1, ["no candidate in the catalogue"] = 1 }, report.Skipped);
    }

    [Fact]
    public void A_log_with_an_empty_time_column_is_one_moment_with_every_history_before_it()
    {
        var log = ReadingLog.ReadMind([
            "1\tU1\t\ta b\tc-1 d-0",
            "2\tU2\t\ta\tc-0 d-1",
            "3\tU3\tnot a time\ta\tc-1",
        ]);

        Assert.Equal(2, log.Impressions.Count);
        Assert.All(log.Impressions, i => Assert.Equal(ReadingLog.OneMoment, i.Time));
        Assert.All(log.Reads.Where(r => r.Kind == ReadKind.History), r => Assert.True(r.Time < ReadingLog.OneMoment));
        Assert.Equal(1, log.SkippedLines);
    }
}
