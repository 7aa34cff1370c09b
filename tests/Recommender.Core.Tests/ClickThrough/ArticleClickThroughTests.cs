using Recommender.Core.ClickThrough;
using Recommender.Core.Events;

namespace Recommender.Core.Tests.ClickThrough;

public sealed class ArticleClickThroughTests
{
    const string Site = "news";
    static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    static readonly RecommendationId Answer = RecommendationId.ForAnswer("k", "related", null);
    int nextId;

    static string Page(string path) => $"https://news.example/{path}";

    PageEvent Impression(params string[] paths) =>
        new($"e{nextId++}", Site, EventAction.Impression, Page("home"), null, "r", Noon, 0, null, Answer.ToString(), paths.Length, [.. paths.Select(Page)]);

    PageEvent Click(string path, int position = 1) =>
        new($"e{nextId++}", Site, EventAction.Pageview, Page(path), null, "r", Noon, 0, null, Answer.At(position).ToString());

    PageEvent View(string path) => new($"e{nextId++}", Site, EventAction.Pageview, Page(path), null, "r", Noon, 0, null);

    [Fact]
    public void Each_item_an_impression_lists_counts_as_shown_and_a_pageview_by_a_box_link_as_a_click_once_each()
    {
        var model = new ArticleClickThrough();
        var click = Click("b", position: 2);
        model.ProcessAsync([Impression("a", "b", "c"), Impression("b", "c"), click, View("a")], default);
        // Redelivered: counted once.
        model.ProcessAsync([click], default);

        var rates = model.For(Site);
        Assert.Equal((1, 0), rates.CountsOf(Page("a")));
        Assert.Equal((2, 1), rates.CountsOf(Page("b")));
        Assert.Equal((2, 0), rates.CountsOf(Page("c")));
        Assert.Equal(1 / 3.0, rates.RateOf(Page("b")), 1e-12);
        Assert.Equal(0, rates.RateOf(Page("never-shown")));
        Assert.Equal((0, 0), model.For("another-site").CountsOf(Page("b")));
    }

    [Fact]
    public void A_site_keeps_its_latest_items_only_and_a_published_snapshot_never_changes()
    {
        var model = new ArticleClickThrough(itemsPerSite: 3);
        model.ProcessAsync([Impression("a", "b"), Click("a")], default);
        var before = model.For(Site);

        model.ProcessAsync([Impression("c", "d")], default);

        // The window of 3 dropped the two oldest items: a shown, b shown; a's click is still in it.
        var after = model.For(Site);
        Assert.Equal((0, 1), after.CountsOf(Page("a")));
        Assert.Equal((0, 0), after.CountsOf(Page("b")));
        Assert.Equal((1, 0), after.CountsOf(Page("d")));
        Assert.Equal((1, 1), before.CountsOf(Page("a")));
        Assert.Equal((1, 0), before.CountsOf(Page("b")));
        Assert.Equal((0, 0), before.CountsOf(Page("d")));
    }
}
