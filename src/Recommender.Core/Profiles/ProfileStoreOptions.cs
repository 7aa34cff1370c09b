namespace Recommender.Core.Profiles;

/// <summary>Bounds on what a profile store keeps.</summary>
public sealed class ProfileStoreOptions
{
    /// <summary>Entries kept per reader; training beyond it drops the oldest.</summary>
    public int MaxEntriesPerReader { get; set; } = 200;

    /// <summary>A reader not trained for this long is forgotten.</summary>
    public TimeSpan ExpireAfterInactivity { get; set; } = TimeSpan.FromDays(180);

    /// <summary>The tick (UTC) before which a last training means the reader has expired, at <paramref name="now"/>.</summary>
    public long ExpiryCutoffTicks(DateTimeOffset now)
    {
        // Clamped, so that an expiry longer than the calendar (TimeSpan.MaxValue: never expire) works.
        var ticks = now.UtcTicks;
        return ticks - Math.Min(ticks, ExpireAfterInactivity.Ticks);
    }

    /// <summary>Throws when the options cannot work, so a misconfiguration fails at start, not on a request.</summary>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxEntriesPerReader, 1, nameof(MaxEntriesPerReader));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ExpireAfterInactivity, TimeSpan.Zero, nameof(ExpireAfterInactivity));
    }
}
