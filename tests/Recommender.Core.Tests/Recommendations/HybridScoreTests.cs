using Recommender.Core.Recommendations;

namespace Recommender.Core.Tests.Recommendations;

public sealed class HybridScoreTests
{
    [Fact]
    public void Each_part_is_divided_by_its_largest_value_and_weighted_by_alpha()
    {
        // Relevance 4, 2, 1 is 1, 0.5, 0.25 of the best; views 0, 3, 6 are 0, 0.5, 1 of the most.
        var blended = HybridScore.Blend([4, 2, 1], [0, 3, 6], alpha: 0.25);

        Assert.Equal([0.25, 0.5, 0.8125], blended);
    }

    [Fact]
    public void Alpha_one_is_relevance_and_alpha_zero_is_popularity()
    {
        Assert.Equal([1, 0.5], HybridScore.Blend([2, 1], [1, 4], alpha: 1));
        Assert.Equal([0.25, 1], HybridScore.Blend([2, 1], [1, 4], alpha: 0));
    }

    [Fact]
    public void A_part_nobody_has_adds_nothing()
    {
        Assert.Equal([0.5, 0.25], HybridScore.Blend([2, 1], [0, 0], alpha: 0.5));
        Assert.Equal([0, 0.5], HybridScore.Blend([0, 0], [0, 2], alpha: 0.5));
        Assert.Empty(HybridScore.Blend([], [], alpha: 0.5));
    }
}
