using Recommender.Core.CoReading;

namespace Recommender.Core.Tests.CoReading;

public class CoReadModelTests
{
    // p→r: R1, R2 (2); p→s: R1 (1); q→r: R1 (1); q→s: R1, R3 (2); q→p: R3 (1); r→r is no pair.
    static readonly CoReader[] Readers =
    [
        new(["p", "q"], ["r", "s"]),
        new(["p"], ["r"]),
        new(["q"], ["s", "p", "s"]),
        new(["r"], ["r"]),
    ];

    [Fact]
    public void Counts_each_reader_once_per_pair_of_a_read_and_what_they_went_on_to()
    {
        var model = CoReadModel.Build(Readers);

        Assert.Equal(2, model.ReadersWentOn("p", "r"));
        Assert.Equal(1, model.ReadersWentOn("p", "s"));
        Assert.Equal(1, model.ReadersWentOn("q", "r"));
        Assert.Equal(2, model.ReadersWentOn("q", "s"));
        Assert.Equal(1, model.ReadersWentOn("q", "p"));
        Assert.Equal(0, model.ReadersWentOn("r", "r"));
        Assert.Equal(2, model.Articles);
    }

    [Fact]
    public void A_candidate_scores_the_sum_over_the_distinct_reads_of_the_readers_who_went_on_to_it()
    {
        var model = CoReadModel.Build(Readers);

        // r: 2 (from p) + 1 (from q); s: 1 + 2; p: 0 + 1; t: nothing leads to it.
        Assert.Equal([3, 3, 1, 0], model.Score(["p", "q"], ["r", "s", "p", "t"]));
        // A read twice in the history counts once.
        Assert.Equal([2, 1], model.Score(["p", "p"], ["r", "s"]));
        Assert.Equal([0, 0], model.Score(["unknown"], ["r", "s"]));
    }

    [Fact]
    public void Each_article_keeps_only_its_most_co_read_neighbours()
    {
        var model = CoReadModel.Build(Readers, neighbours: 1);

        // p keeps r (2) over s (1); q keeps s (2) over r and p (1 each).
        Assert.Equal([2, 2, 0], model.Score(["p", "q"], ["r", "s", "p"]));
        Assert.Equal(0, model.ReadersWentOn("p", "s"));
    }
}
