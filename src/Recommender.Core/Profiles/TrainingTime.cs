using System.Globalization;

namespace Recommender.Core.Profiles;

/// <summary>
/// When a reader read what a training records, when the caller says (<c>/profile?ts=</c>, <c>import-history</c>):
/// the entry is stored at that time, so its weight, 2^(−age/half-life), follows its age.
/// </summary>
public static class TrainingTime
{
    /// <summary>
    /// How far a client's time may be from ours and still count as now: the clocks of a publisher's servers and
    /// readers' browsers and ours may disagree by this much (trainings, and the timestamps of events).
    /// </summary>
    public static readonly TimeSpan ClockSkew = TimeSpan.FromMinutes(10);

    /// <summary>ISO 8601 (UTC unless it says otherwise) or Unix epoch milliseconds; null when it is neither.</summary>
    public static DateTimeOffset? Parse(string text)
    {
        text = text.Trim();
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var milliseconds))
        {
            try
            {
                return DateTimeOffset.FromUnixTimeMilliseconds(milliseconds);
            }
            catch (ArgumentOutOfRangeException)
            {
                return null;
            }
        }
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;
    }

    /// <summary>
    /// The time to store, or why it cannot be: beyond <see cref="ClockSkew"/> in the future (a time within it is
    /// stored as now), or older than <paramref name="expireAfterInactivity"/>, when the profile would already be gone.
    /// </summary>
    public static (DateTimeOffset Time, string? Error) Check(DateTimeOffset time, DateTimeOffset now, TimeSpan expireAfterInactivity)
    {
        if (time > now + ClockSkew) return (time, $"is in the future (more than {ClockSkew.TotalMinutes:0} minutes ahead of the server's clock)");
        if (now - time > expireAfterInactivity) return (time, $"is older than the profile expiry ({expireAfterInactivity.TotalDays:0.##} days)");
        return (time > now ? now : time, null);
    }
}
