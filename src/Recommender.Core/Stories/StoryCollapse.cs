namespace Recommender.Core.Stories;

/// <summary>One article per story: a list shows the best-ranked article of each story and hides the others.</summary>
public static class StoryCollapse
{
    /// <summary>The ranked items without those whose story an item above them already has; items without a story all stay.</summary>
    public static List<T> Collapse<T>(IEnumerable<T> ranked, Func<T, string?> storyOf)
    {
        var seen = new HashSet<string>();
        return [.. ranked.Where(item => storyOf(item) is not { } story || seen.Add(story))];
    }
}
