using Recommender.Core.Articles;

namespace Recommender.Core.Recommendations;

/// <summary>
/// A site's editorial rules on a ranked list: at most so many articles per section and per author among the
/// first places, and never two articles of the same story next to each other.
/// </summary>
public sealed record BusinessRuleOptions
{
    /// <summary>Articles of one section at most among the first <see cref="Within"/>; 0 for no limit.</summary>
    public int MaxPerSection { get; init; }

    /// <summary>Articles of one author at most among the first <see cref="Within"/>; 0 for no limit.</summary>
    public int MaxPerAuthor { get; init; }

    /// <summary>How many first places the per-section and per-author limits cover.</summary>
    public int Within { get; init; } = 10;

    /// <summary>Whether two articles of the same story may not stand next to each other (anywhere in the list).</summary>
    public bool SeparateStories { get; init; } = true;

    public bool Any => MaxPerSection > 0 || MaxPerAuthor > 0 || SeparateStories;
}

/// <summary>
/// Reorders a ranked list with the least loss until the rules hold: each place takes the best-ranked article
/// left that keeps every rule there, so an article that would break one moves down one place at a time until
/// it no longer does, and the others keep their order. Where no article left fits a place, the best one
/// takes it: the rule cannot hold there.
/// </summary>
public static class BusinessRules
{
    public static List<T> Apply<T>(IReadOnlyList<T> ranked, BusinessRuleOptions rules, Func<T, Article> articleOf)
    {
        if (!rules.Any) return [.. ranked];
        var left = ranked.ToList();
        var placed = new List<Article>(ranked.Count);
        var result = new List<T>(ranked.Count);
        while (left.Count > 0)
        {
            var next = left.FindIndex(item => Fits(articleOf(item), placed, rules));
            if (next < 0) next = 0;
            result.Add(left[next]);
            placed.Add(articleOf(left[next]));
            left.RemoveAt(next);
        }
        return result;
    }

    /// <summary>Whether <paramref name="article"/> keeps every rule at the place after <paramref name="placed"/>.</summary>
    public static bool Fits(Article article, IReadOnlyList<Article> placed, BusinessRuleOptions rules)
    {
        if (rules.SeparateStories && article.Story is { } story && placed.Count > 0 && placed[^1].Story == story) return false;
        if (placed.Count >= rules.Within) return true;
        if (rules.MaxPerSection > 0 && article.Section is { } section &&
            placed.Count(p => Same(p.Section, section)) >= rules.MaxPerSection) return false;
        return rules.MaxPerAuthor <= 0 ||
               article.Authors.All(author => placed.Count(p => p.Authors.Any(a => Same(a, author))) < rules.MaxPerAuthor);
    }

    // Sections and authors are matched as filters match them: ignoring case and surrounding spaces.
    static bool Same(string? a, string b) => a is not null && string.Equals(a.Trim(), b.Trim(), StringComparison.OrdinalIgnoreCase);
}
