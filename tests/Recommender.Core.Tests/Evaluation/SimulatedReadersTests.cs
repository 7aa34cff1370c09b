using Recommender.Core.Evaluation;
using Recommender.Core.Recommendations;

namespace Recommender.Core.Tests.Evaluation;

public class SimulatedReadersTests
{
    [Fact]
    public void Personalised_lists_follow_a_readers_mix_and_its_shift_and_never_bring_back_a_read_article()
    {
        using var workspace = EvalWorkspace.Create(EvalCatalogues.Labelled(perLabel: 25), new ProfileQueryOptions());
        var reads = new List<LogRead>();
        var scores = SimulatedReaders.Run(workspace, readers: 12, k: 5, readsPerMix: 6, seed: 2, reads.Add);

        var before = scores.Single(s => s.Strategy == SimulatedReaders.BeforeShift);
        var after = scores.Single(s => s.Strategy == SimulatedReaders.AfterShift);
        // Two of the four labels make half the catalogue: chance would put half of each list in the interests.
        Assert.True(before.Scores["P@5 interests"] > 0.9, $"before the shift {before.Scores["P@5 interests"]:0.000} of lists in the interests");
        Assert.True(after.Scores["P@5 interests"] > 0.9, $"after the shift {after.Scores["P@5 interests"]:0.000}");
        // The new interest is a quarter of the catalogue, and 70 % of the recent reads.
        Assert.True(after.Scores["new interest share"] > 0.5, $"new interest {after.Scores["new interest share"]:0.000} of lists after the shift");
        Assert.Equal(0, before.Scores["read again"]);
        Assert.Equal(0, after.Scores["read again"]);
        Assert.Equal(12 * 12, reads.Count);
        Assert.Equal(12, reads.Select(r => r.Uuid).Distinct().Count());
    }

    [Fact]
    public void The_same_seed_gives_the_same_readers_and_scores()
    {
        IReadOnlyList<StrategyScores> Run(int seed, List<LogRead> reads)
        {
            using var workspace = EvalWorkspace.Create(EvalCatalogues.Labelled(perLabel: 10), new ProfileQueryOptions());
            return SimulatedReaders.Run(workspace, readers: 4, k: 5, readsPerMix: 4, seed, reads.Add);
        }
        List<LogRead> first = [], second = [], other = [];
        var a = Run(7, first);
        var b = Run(7, second);
        Run(8, other);

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
        Assert.Equal(a.Select(s => s.Scores), b.Select(s => s.Scores));
    }

    [Fact]
    public void Mix_distance_is_half_the_sum_of_share_differences()
    {
        var mix = new Dictionary<string, double> { ["business"] = 0.7, ["tech"] = 0.3 };
        Assert.Equal(0, SimulatedReaders.MixDistance(["business", "business", "tech", "business", "business", "tech", "business", "business", "tech", "business"], mix), 9);
        // Half business, half sport: |0.5 − 0.7| + |0 − 0.3| + |0.5 − 0| = 1.0, halved.
        Assert.Equal(0.5, SimulatedReaders.MixDistance(["business", "sport"], mix), 9);
        Assert.Equal(1, SimulatedReaders.MixDistance([], mix));
    }
}
