using Recommender.Core.Articles;
using Recommender.Core.ClickThrough;
using Recommender.Core.Experiments;

namespace Recommender.Core.Tests.ClickThrough;

public sealed class RecommendationIdTests
{
    [Fact]
    public void An_answer_id_is_the_same_for_the_same_cache_key_and_names_its_strategy_arm_and_an_items_position()
    {
        var arm = new ArmLabel("boxes", "0a1b2c3d", "blend");
        var id = RecommendationId.ForAnswer("listing:related:abc", "related", arm);

        Assert.Equal(id, RecommendationId.ForAnswer("listing:related:abc", "related", arm));
        Assert.NotEqual(id.Answer, RecommendationId.ForAnswer("listing:related:abd", "related", arm).Answer);
        var item = RecommendationId.Parse(id.At(3).ToString());
        Assert.Equal(id.At(3), item);
        Assert.Equal(3, item!.Position);
        Assert.Equal("blend", item.Arm!.Arm);
        var plain = RecommendationId.ForAnswer("listing:search:x", "search", null);
        Assert.Equal($"{plain.Answer}.search...", plain.ToString());
        Assert.Equal(plain, RecommendationId.Parse(plain.ToString()));
    }

    [Theory]
    [InlineData("")]
    [InlineData("0123456789.related..")]
    [InlineData("0123456789.bogus...")]
    [InlineData("0123456789.related...0")]
    [InlineData("0123456789.related...101")]
    [InlineData("0123456789.related.boxes..a")]
    [InlineData("0123456789.related.bo xes.0a1b2c3d.a")]
    [InlineData("XYZ3456789.related...")]
    public void Anything_else_is_not_an_id(string text) => Assert.Null(RecommendationId.Parse(text));

    [Fact]
    public void An_items_id_is_read_from_its_links_parameter_and_normalising_the_link_drops_it()
    {
        var item = RecommendationId.ForAnswer("k", "related", null).At(2);
        var link = $"https://News.example/a?page=2&rec_id={Uri.EscapeDataString(item.ToString())}#top";
        var renamed = $"https://news.example/a?page=2&from_box={item}";

        Assert.Equal(item, RecommendationId.InUrl(link, "rec_id"));
        Assert.Equal(item, RecommendationId.InUrl(renamed, "from_box"));
        Assert.Null(RecommendationId.InUrl(renamed, "rec_id"));
        Assert.Equal("https://news.example/a?page=2", CanonicalUrl.Normalize(link));
        Assert.Equal("https://news.example/a?page=2", CanonicalUrl.Normalize(renamed, "from_box"));
        // Another parameter that merely starts alike is the page's own.
        Assert.Equal("https://news.example/a?rec_idea=1", CanonicalUrl.Normalize("https://news.example/a?rec_idea=1&rec_id"));
    }
}
