using Recommender.Core.Recommendations;

namespace Recommender.Core.Tests.Recommendations;

public sealed class FreshSlotsTests
{
    // Items are named by their rank; the fresh ones end with '*'.
    static bool IsFresh(string item) => item.EndsWith('*');

    static int Rank(string item) => int.Parse(item.TrimEnd('*'));

    static readonly FreshSlotOptions TwentyPercent = new() { Share = 0.2 };

    [Fact]
    public void Each_page_keeps_its_share_for_fresh_articles_and_the_others_that_give_way_lead_the_next_page()
    {
        string[] ranked = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12*", "13", "14*", "15*", "16*"];

        var arranged = FreshSlots.Reserve(ranked, IsFresh, TwentyPercent, pageSize: 5);

        Assert.Equal(["1", "2", "3", "4", "12*", "5", "6", "7", "8", "14*", "9", "10", "11", "13", "15*", "16*"], arranged);
    }

    [Fact]
    public void A_page_with_enough_fresh_articles_stays_as_ranked()
    {
        string[] ranked = ["1*", "2", "3*", "4", "5", "6"];

        Assert.Equal(ranked, FreshSlots.Reserve(ranked, IsFresh, new FreshSlotOptions { Share = 0.4 }, pageSize: 5));
    }

    [Fact]
    public void No_share_changes_nothing()
    {
        string[] ranked = ["1", "2", "3*"];

        Assert.Equal(ranked, FreshSlots.Reserve(ranked, IsFresh, new FreshSlotOptions(), pageSize: 2));
    }

    [Theory]
    [InlineData(1, 0.2, 10)]
    [InlineData(2, 0.1, 10)]
    [InlineData(3, 0.3, 7)]
    [InlineData(4, 0.5, 4)]
    [InlineData(5, 0.2, 3)]
    public void On_random_rankings_every_page_holds_the_share_while_fresh_articles_are_left(int seed, double share, int pageSize)
    {
        var random = new Random(seed);
        var ranked = Enumerable.Range(1, 60).Select(i => random.Next(6) == 0 ? $"{i}*" : $"{i}").ToArray();
        var options = new FreshSlotOptions { Share = share };

        var arranged = FreshSlots.Reserve(ranked, IsFresh, options, pageSize);

        Assert.Equal(ranked.Order(), arranged.Order());
        var freshLeft = ranked.Count(IsFresh);
        foreach (var page in arranged.Chunk(pageSize))
        {
            var fresh = page.Count(IsFresh);
            Assert.True(fresh >= Math.Min(options.PlacesPerPage(pageSize), freshLeft), $"page [{string.Join(", ", page)}] has {fresh} fresh");
            freshLeft -= fresh;
            // Within a page the order is the ranking's.
            Assert.Equal(page.OrderBy(Rank), page);
        }
    }
}
