namespace Recommender.Core.Engagement;

/// <summary>The time windows signals are counted in; each value is its length in hours.</summary>
public enum EngagementWindow
{
    LastHour = 1,
    LastDay = 24,
    LastWeek = 168,
}

/// <summary>
/// What readers did with one page in a window. Counts are fractional because a window's oldest hour
/// counts only for the part of it still inside the window.
/// </summary>
/// <param name="Views">Every pageview, as sent.</param>
/// <param name="RankedViews">The views that rank the page: at most one per reader and hour (<see cref="HourCounts.RankedViews"/>).</param>
public sealed record UrlEngagement(
    double Views,
    double RankedViews,
    double UniqueReaders,
    double Heartbeats,
    double EngagedSeconds,
    IReadOnlyDictionary<ReferralClass, double> Referrals)
{
    public static readonly UrlEngagement None = new(0, 0, 0, 0, 0, Enum.GetValues<ReferralClass>().ToDictionary(c => c, _ => 0.0));
}

/// <summary>A page whose views in the last hour rose above its hourly average of the last day.</summary>
public sealed record TrendingUrl(string Url, double ViewsLastHour, double ViewsLastDay, double Score);
