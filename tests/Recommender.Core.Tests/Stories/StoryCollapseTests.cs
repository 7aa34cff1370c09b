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
}
