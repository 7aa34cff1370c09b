using Recommender.Core.Stories;

namespace Recommender.Core.Tests.Stories;

public sealed class StoryCollapseTests
{
    [Fact]
    public void Only_the_most_relevant_article_of_each_story_stays_in_its_place_and_articles_without_a_story_all_stay()
    {
        // Ranked by date, say: "f" is the more relevant article of story y, "a" and "c" tie in story x.
        (string Url, string? Story, double Score)[] ranked =
            [("a", "x", 2), ("b", null, 1), ("c", "x", 2), ("d", "y", 1), ("e", null, 3), ("f", "y", 5), ("g", "z", 1)];

        var collapsed = StoryCollapse.Collapse(ranked, r => r.Story, r => r.Score);

        Assert.Equal(["a", "b", "e", "f", "g"], collapsed.Select(r => r.Url));
    }

    [Fact]
    public void Items_ranked_by_relevance_keep_each_storys_first_and_only_the_stories_up_to_the_count_are_read()
    {
        // Best first: "b" ties "a" in story x, so the better-ranked "a" stays; "e" is story y's less relevant article.
        (string Url, string? Story, double Score)[] ranked =
            [("a", "x", 5), ("b", "x", 5), ("c", null, 4), ("d", "y", 4), ("e", "y", 3), ("f", "z", 2), ("g", "w", 1)];
        var read = new List<string>();

        var collapsed = StoryCollapse.Collapse(ranked, r => { read.Add(r.Url); return r.Story; }, r => r.Score, count: 3);

        Assert.Equal(["a", "c", "d"], collapsed.Select(r => r.Url));
        Assert.Equal(["a", "b", "c", "d"], read);
        Assert.Equal(["a", "c", "d", "f", "g"], StoryCollapse.Collapse(ranked, r => r.Story, r => r.Score).Select(r => r.Url));
    }
}
