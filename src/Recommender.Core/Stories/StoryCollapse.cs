namespace Recommender.Core.Stories;

/// <summary>One article per story: a list shows the most relevant article of each story and hides the others.</summary>
public static class StoryCollapse
{
    /// <summary>
    /// The ranked items without those of a story that has a more relevant item (the better-ranked one on a tie),
    /// each kept item in its place; items without a story all stay. Relevance, not rank, picks the item, so that
    /// a list sorted by date shows the same articles as one sorted by relevance. At most the first
    /// <paramref name="count"/> kept items are returned.
    /// </summary>
    public static List<T> Collapse<T>(IReadOnlyList<T> ranked, Func<T, string?> storyOf, Func<T, double> relevance, int count = int.MaxValue)
    {
        if (ByRelevance(ranked, relevance)) return FirstOfEachStory(ranked, storyOf, count);
        // Each story read once: from doc values, a lookup seeks in the segment's compressed dictionary of stories.
        var stories = new string?[ranked.Count];
        var best = new Dictionary<string, int>();
        for (var i = 0; i < ranked.Count; i++)
        {
            if ((stories[i] = storyOf(ranked[i])) is not { } story) continue;
            if (!best.TryGetValue(story, out var kept) || relevance(ranked[i]) > relevance(ranked[kept])) best[story] = i;
        }
        return [.. ranked.Where((_, i) => stories[i] is not { } story || best[story] == i).Take(count)];
    }

    /// <summary>Whether no item is more relevant than the one before it: then each story's first item is the one kept.</summary>
    static bool ByRelevance<T>(IReadOnlyList<T> ranked, Func<T, double> relevance)
    {
        for (var i = 1; i < ranked.Count; i++)
        {
            if (!(relevance(ranked[i]) <= relevance(ranked[i - 1]))) return false;
        }
        return true;
    }

    /// <summary>
    /// The first item of each story and every item without one, until <paramref name="count"/> are kept: the stories of
    /// the items after them are not read. Reading a story from doc values allocates about 850 bytes, and reading the
    /// stories of a personalised request's whole window (~140 candidates) was 112 KB of the 411 KB it allocated at 100k
    /// articles, of which ~20 are shown or arranged (docs/BENCHMARKS.md, "The warm request").
    /// </summary>
    static List<T> FirstOfEachStory<T>(IReadOnlyList<T> ranked, Func<T, string?> storyOf, int count)
    {
        var seen = new HashSet<string>();
        var kept = new List<T>();
        for (var i = 0; i < ranked.Count && kept.Count < count; i++)
        {
            if (storyOf(ranked[i]) is not { } story || seen.Add(story)) kept.Add(ranked[i]);
        }
        return kept;
    }
}
