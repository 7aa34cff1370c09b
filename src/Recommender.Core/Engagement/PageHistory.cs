namespace Recommender.Core.Engagement;

/// <summary>A page's hourly counts of the last week, oldest first; never changed once built (see <see cref="HourCounts"/>).</summary>
public sealed class PageHistory
{
    readonly HourCounts[] hours;

    PageHistory(HourCounts[] hours) => this.hours = hours;

    public static readonly PageHistory Empty = new([]);

    public static PageHistory Of(IEnumerable<HourCounts> hours) => new([.. hours.OrderBy(h => h.Hour)]);

    public int Count => hours.Length;

    public HourCounts? At(long hour)
    {
        for (var i = hours.Length - 1; i >= 0 && hours[i].Hour >= hour; i--)
        {
            if (hours[i].Hour == hour) return hours[i];
        }
        return null;
    }

    /// <summary>This history with <paramref name="counts"/> in place of its hour's counts; this one is left as it was.</summary>
    public PageHistory With(HourCounts counts)
    {
        var at = Array.FindLastIndex(hours, h => h.Hour <= counts.Hour);
        if (at >= 0 && hours[at].Hour == counts.Hour)
        {
            var replaced = (HourCounts[])hours.Clone();
            replaced[at] = counts;
            return new PageHistory(replaced);
        }
        return new PageHistory([.. hours.AsSpan(0, at + 1), counts, .. hours.AsSpan(at + 1)]);
    }

    /// <summary>The hours after <paramref name="cutoffHour"/>; null when none is left.</summary>
    public PageHistory? After(long cutoffHour)
    {
        var kept = Array.FindIndex(hours, h => h.Hour > cutoffHour);
        if (kept < 0) return null;
        return kept == 0 ? this : new PageHistory(hours[kept..]);
    }

    /// <summary>The hours of <paramref name="window"/> with the part of each that lies inside it: 1, or less for the oldest hour.</summary>
    public IEnumerable<(HourCounts Counts, double Weight)> Weighted(EngagementWindow window, DateTimeOffset now)
    {
        var (oldest, partOfOldest) = Bounds(window, now);
        for (var i = hours.Length - 1; i >= 0 && hours[i].Hour >= oldest; i--)
            yield return (hours[i], hours[i].Hour == oldest ? partOfOldest : 1.0);
    }

    /// <summary>The sum of <paramref name="value"/> over <paramref name="window"/>, the oldest hour counted in part.</summary>
    public double Sum(EngagementWindow window, DateTimeOffset now, Func<HourCounts, double> value)
    {
        var (oldest, partOfOldest) = Bounds(window, now);
        var sum = 0.0;
        for (var i = hours.Length - 1; i >= 0 && hours[i].Hour >= oldest; i--)
            sum += (hours[i].Hour == oldest ? partOfOldest : 1.0) * value(hours[i]);
        return sum;
    }

    static (long Oldest, double PartOfOldest) Bounds(EngagementWindow window, DateTimeOffset now) =>
        (HourOf(now) - (int)window, 1 - (now.ToUnixTimeSeconds() % 3600) / 3600.0);

    public static long HourOf(DateTimeOffset time) => time.ToUnixTimeSeconds() / 3600;
}
