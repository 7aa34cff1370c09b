using Recommender.Core.Evaluation;

namespace Recommender.Core.Tests.Evaluation;

public class RankingMetricsTests
{
    // Relevant b (place 2) and d (place 4) are listed; x is relevant but not listed.
    static readonly string[] Ranked = ["a", "b", "c", "d", "e"];
    static readonly HashSet<string> Relevant = ["b", "d", "x"];

    [Fact]
    public void Precision_counts_hits_among_the_first_k_places()
    {
        Assert.Equal(2 / 5.0, RankingMetrics.PrecisionAt(5, Ranked, Relevant), 9);
        Assert.Equal(1 / 2.0, RankingMetrics.PrecisionAt(2, Ranked, Relevant), 9);
        // A list shorter than k is not rewarded for it.
        Assert.Equal(1 / 10.0, RankingMetrics.PrecisionAt(10, ["b"], Relevant), 9);
    }

    [Fact]
    public void Recall_is_the_share_of_the_relevant_found()
    {
        Assert.Equal(2 / 3.0, RankingMetrics.RecallAt(5, Ranked, Relevant), 9);
        Assert.Equal(1 / 3.0, RankingMetrics.RecallAt(3, Ranked, Relevant), 9);
        Assert.Equal(0, RankingMetrics.RecallAt(5, Ranked, new HashSet<string>()));
    }

    [Fact]
    public void Average_precision_averages_the_precision_at_each_hit_over_what_could_be_found()
    {
        // Hits at 2 (precision 1/2) and 4 (2/4); three relevant could have been found in 5 places.
        Assert.Equal((1 / 2.0 + 2 / 4.0) / 3, RankingMetrics.AveragePrecisionAt(5, Ranked, Relevant), 9);
        // In 2 places at most 2 can be found; one was, at place 2.
        Assert.Equal(1 / 2.0 / 2, RankingMetrics.AveragePrecisionAt(2, Ranked, Relevant), 9);
        Assert.Equal(1, RankingMetrics.AveragePrecisionAt(2, ["b", "d"], Relevant), 9);
    }

    [Fact]
    public void Reciprocal_rank_is_one_over_the_place_of_the_first_hit_within_k()
    {
        Assert.Equal(1 / 2.0, RankingMetrics.ReciprocalRankAt(5, Ranked, Relevant), 9);
        Assert.Equal(0, RankingMetrics.ReciprocalRankAt(1, Ranked, Relevant));
    }

    [Fact]
    public void Ndcg_discounts_hits_by_log2_of_their_place_and_divides_by_the_ideal_list()
    {
        var gain = 1 / Math.Log2(3) + 1 / Math.Log2(5);
        var ideal = 1 + 1 / Math.Log2(3) + 1 / Math.Log2(4);
        Assert.Equal(gain / ideal, RankingMetrics.NdcgAt(5, Ranked, Relevant), 9);
        Assert.Equal(0.4982, RankingMetrics.NdcgAt(5, Ranked, Relevant), 4);
        Assert.Equal(1, RankingMetrics.NdcgAt(2, ["d", "b", "a"], Relevant), 9);
        Assert.Equal(0, RankingMetrics.NdcgAt(5, Ranked, new HashSet<string>()));
    }

    [Fact]
    public void Auc_is_the_share_of_clicked_unclicked_pairs_ordered_right_with_ties_counting_half()
    {
        // Clicked 0.8 beats 0.3 and 0.1 (2); clicked 0.3 ties 0.3 (0.5) and beats 0.1 (1): 3.5 of 6 pairs.
        double[] scores = [0.9, 0.8, 0.3, 0.3, 0.1];
        bool[] clicked = [false, true, true, false, false];
        Assert.Equal(3.5 / 6, RankingMetrics.Auc(scores, clicked)!.Value, 9);
        Assert.Null(RankingMetrics.Auc([0.5, 0.2], [true, true]));
    }

    [Fact]
    public void Impression_mrr_averages_one_over_the_place_of_every_click()
    {
        Assert.Equal((1 / 2.0 + 1 / 4.0) / 2, RankingMetrics.ImpressionMrr(["a", "b", "c", "d"], new HashSet<string> { "b", "d" }), 9);
    }

    [Fact]
    public void Coverage_is_the_share_of_the_catalogue_listed_at_least_once()
    {
        Assert.Equal(3 / 10.0, RankingMetrics.Coverage([["a", "b"], ["b", "c"]], 10), 9);
    }

    [Fact]
    public void Uniqueness_is_one_minus_the_mean_share_of_a_list_another_reader_shares()
    {
        // Of the three pairs, one shares one item ("b") of k = 2.
        Assert.Equal(1 - 1 / (3.0 * 2), RankingMetrics.Uniqueness([["a", "b"], ["b", "c"], ["d", "e"]], 2)!.Value, 9);
        Assert.Equal(0, RankingMetrics.Uniqueness([["a", "b"], ["a", "b"]], 2)!.Value, 9);
        Assert.Null(RankingMetrics.Uniqueness([["a", "b"]], 2));
    }
}
