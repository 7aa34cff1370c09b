using Recommender.Core.Stories;

namespace Recommender.Core.Tests.Stories;

public sealed class StoryCollapseTests
{
    [Fact]
    public void Only_the_best_ranked_article_of_each_story_stays_and_articles_without_a_story_all_stay()
    {
        (string Url, string? Story)[] ranked = [("a", "x"), ("b", null), ("c", "x"), ("d", "y"), ("e", null), ("f", "y"), ("g", "z")];

        var collapsed = StoryCollapse.Collapse(ranked, r => r.Story);

        Assert.Equal(["a", "b", "d", "e", "g"], collapsed.Select(r => r.Url));
    }
}
