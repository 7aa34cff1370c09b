namespace Recommender.Core.Stories;

/// <summary>One article per story: a list shows the most relevant article of each story and hides the others.</summary>
public static class StoryCollapse
{
    /// <summary>
    /// The ranked items without those of a story that has a more relevant item (the better-ranked one on a tie),
    /// each kept item in its place; items without a story all stay. Relevance, not rank, picks the item, so that
    /// a list sorted by date shows the same articles as one sorted by relevance.
    /// </summary>
    public static List<T> Collapse<T>(IReadOnlyList<T> ranked, Func<T, string?> storyOf, Func<T, double> relevance)
    {
        // Each story read once: from doc values, a lookup seeks in the segment's compressed dictionary of stories.
        var stories = new string?[ranked.Count];
        var best = new Dictionary<string, int>();
        for (var i = 0; i < ranked.Count; i++)
        {
            if ((stories[i] = storyOf(ranked[i])) is not { } story) continue;
            if (!best.TryGetValue(story, out var kept) || relevance(ranked[i]) > relevance(ranked[kept])) best[story] = i;
        }
        return [.. ranked.Where((_, i) => stories[i] is not { } story || best[story] == i)];
    }
}
