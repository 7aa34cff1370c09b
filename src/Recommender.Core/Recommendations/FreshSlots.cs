namespace Recommender.Core.Recommendations;

/// <summary>
/// A share of every page kept for articles published in the last hours, so that a story just published
/// reaches readers before it has any traffic to rank it.
/// </summary>
public sealed record FreshSlotOptions
{
    /// <summary>The share of each page's places kept for fresh articles, from 0 (none) to 1; rounded up to whole places.</summary>
    public double Share { get; init; }

    /// <summary>How recently an article must have been published to count as fresh.</summary>
    public TimeSpan Within { get; init; } = TimeSpan.FromHours(24);

    /// <summary>Places of a page of <paramref name="pageSize"/> kept for fresh articles.</summary>
    public int PlacesPerPage(int pageSize) => (int)Math.Ceiling(Math.Clamp(Share, 0, 1) * pageSize);
}

public static class FreshSlots
{
    /// <summary>
    /// The ranked items arranged page by page so that each page holds at least
    /// <see cref="FreshSlotOptions.PlacesPerPage"/> fresh items while fresh items are left: where a page has too
    /// few, its lowest-ranked other items give way to the best fresh items below it and lead the next page.
    /// Apart from that, every item keeps its rank order.
    /// </summary>
    public static List<T> Reserve<T>(IReadOnlyList<T> ranked, Func<T, bool> isFresh, FreshSlotOptions options, int pageSize)
    {
        var places = options.PlacesPerPage(pageSize);
        if (places == 0 || pageSize <= 0) return [.. ranked];

        var left = Enumerable.Range(0, ranked.Count).ToList();
        var result = new List<T>(ranked.Count);
        while (left.Count > 0)
        {
            var page = left.Take(pageSize).ToList();
            var missing = places - page.Count(i => isFresh(ranked[i]));
            foreach (var fresh in left.Skip(pageSize).Where(i => isFresh(ranked[i])).Take(Math.Max(0, missing)).ToList())
            {
                var givingWay = page.FindLastIndex(i => !isFresh(ranked[i]));
                if (givingWay < 0) break;
                page.RemoveAt(givingWay);
                page.Add(fresh);
            }
            result.AddRange(page.Select(i => ranked[i]));
            left.RemoveAll(page.Contains);
        }
        return result;
    }
}
