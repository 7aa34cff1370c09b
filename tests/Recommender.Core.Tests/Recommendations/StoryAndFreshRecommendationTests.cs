using Microsoft.Extensions.Time.Testing;
using Recommender.Core.Articles;
using Recommender.Core.Indexing;
using Recommender.Core.Recommendations;
using Recommender.Core.Tests.Indexing;
using Recommender.Core.Tests.Stories;

namespace Recommender.Core.Tests.Recommendations;

public sealed class StoryAndFreshRecommendationTests : IDisposable
{
    const string Site = "news.example";
    static readonly DateTimeOffset Noon = new(2026, 3, 2, 12, 0, 0, TimeSpan.Zero);

    readonly TempIndexDirectory _dir = new();
    readonly ArticleIndex _index;
    readonly FakeTimeProvider _clock = new(Noon.AddDays(30));
    readonly RelatedArticles _related;

    public StoryAndFreshRecommendationTests()
    {
        _index = ArticleIndex.Open(_dir.Path);
        _related = new RelatedArticles(_index, new ProfileQueryBuilder(new ProfileQueryOptions()), _clock);
    }

    public void Dispose()
    {
        _index.Dispose();
        _dir.Dispose();
    }

    void Arrive(Article article)
    {
        _index.Upsert(article);
        _index.Refresh();
    }

    static Article Volcano(string path, DateTimeOffset published, string title, string text) => new()
    {
        Site = Site, Url = $"https://{Site}/{path}", PubDate = published, Title = title, Text = text, Tags = ["Iceland"],
    };

    static RecommendationRequest Request => new() { Filter = new ArticleFilter { Site = Site } };

    void IndexTwoStoriesOfVolcanoes()
    {
        // The page read: a volcano explainer, then two stories of eruptions, two articles each.
        Arrive(Volcano("explainer", Noon.AddDays(-20), "How volcanoes in Iceland erupt",
            "Iceland sits on a rift where magma rises; a volcano erupts when magma reaches the surface through a fissure, " +
            "as on the Reykjanes peninsula near Grindavik, where lava flows. Under a glacier, as at Katla near Vik, " +
            "an eruption melts the ice into a flood and throws up ash that closes flights."));
        // Articles about other things, so that the volcano's words are rare enough to count.
        foreach (var i in Enumerable.Range(0, 6)) Arrive(StoryClustererTests.CupFinal($"cup-final-{i}", Noon.AddDays(-10 * i)));
        Arrive(StoryClustererTests.Eruption("reykjanes", Noon));
        Arrive(StoryClustererTests.Eruption("reykjanes-update", Noon.AddHours(2), "Houses on the edge of Grindavik caught fire as lava reached them."));
        Arrive(Volcano("katla", Noon.AddDays(10), "Katla volcano erupts under the Myrdalsjokull glacier",
            "Katla erupted under the Myrdalsjokull glacier, melting ice and sending a flood towards Vik. Ash from the volcano closed flights."));
        Arrive(Volcano("katla-update", Noon.AddDays(10).AddHours(3), "Katla volcano erupts: flood reaches Vik",
            "The flood from Katla under the Myrdalsjokull glacier reached Vik as the volcano kept erupting. Ash closed flights to Iceland."));
    }

    [Fact]
    public void Articles_of_one_story_collapse_to_the_best_one_unless_all_are_asked_for()
    {
        IndexTwoStoriesOfVolcanoes();

        var collapsed = _related.ForArticle($"https://{Site}/explainer", Request)!;
        var all = _related.ForArticle($"https://{Site}/explainer", Request with { CollapseStories = false })!;

        Assert.Equal(4, all.Count);
        Assert.Equal(2, all.Select(r => r.Article.Story).Distinct().Count());
        Assert.Equal(2, collapsed.Count);
        Assert.Equal(all.Select(r => r.Article.Story).Distinct(), collapsed.Select(r => r.Article.Story));
        // Each story is shown by its best-ranked article.
        Assert.Equal(all.DistinctBy(r => r.Article.Story).Select(r => r.Article.Url), collapsed.Select(r => r.Article.Url));
    }

    [Fact]
    public void A_fresh_article_that_matches_the_page_gets_a_reserved_place_and_says_it_is_new()
    {
        IndexTwoStoriesOfVolcanoes();
        // Published an hour ago, weakly related: it shares only "volcano" with the page.
        Arrive(Volcano("fresh", _clock.GetUtcNow().AddHours(-1), "Museum opens a hall about one volcano",
            "A museum in the capital opened a new hall with photographs of a volcano taken by a local artist."));
        var request = Request with { Limit = 2, FreshSlots = new FreshSlotOptions { Share = 0.5, Within = TimeSpan.FromHours(6) } };

        var without = _related.ForArticle($"https://{Site}/explainer", Request with { Limit = 2 })!;
        var with = _related.ForArticle($"https://{Site}/explainer", request)!;

        Assert.DoesNotContain($"https://{Site}/fresh", without.Select(r => r.Article.Url));
        Assert.Equal(2, with.Count);
        Assert.Equal($"https://{Site}/fresh", with[1].Article.Url);
        Assert.EndsWith("new", with[1].Reason);
        Assert.Equal(without[0].Article.Url, with[0].Article.Url);
    }

    [Fact]
    public void The_reason_names_the_page_and_the_tags_and_title_words_it_shares()
    {
        IndexTwoStoriesOfVolcanoes();

        var answer = _related.ForArticle($"https://{Site}/explainer", Request)!;

        var katla = answer.Single(r => r.Article.Url.Contains("katla"));
        Assert.StartsWith("related to ‘How volcanoes in Iceland erupt’ — shares Iceland, ", katla.Reason);
        Assert.Contains("volcano", katla.Reason);
    }
}
