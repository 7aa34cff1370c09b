using Recommender.Core.Events;
using Recommender.Core.Recommendations;

namespace Recommender.Core.Engagement;

/// <summary>
/// One page's counts in one hour. Never changed once built: a consumer batch makes a new one with
/// <see cref="Plus"/>, so that a published snapshot can be read by any thread without a lock.
/// </summary>
public sealed class HourCounts
{
    static readonly int ReferralClasses = Enum.GetValues<ReferralClass>().Length;

    readonly long[] referrals;
    readonly HyperLogLog readers;

    public HourCounts(long hour, long views, long heartbeats, long engagedSeconds, long[] referrals, HyperLogLog readers)
    {
        Hour = hour;
        Views = views;
        Heartbeats = heartbeats;
        EngagedSeconds = engagedSeconds;
        this.referrals = referrals;
        this.readers = readers;
        // Readers are whole: rounded, a few of them count exactly (linear counting gives 1.001 for one).
        RankedViews = Math.Min(views, Math.Round(readers.Estimate()));
    }

    public static HourCounts Empty(long hour) => new(hour, 0, 0, 0, new long[ReferralClasses], new HyperLogLog());

    public long Hour { get; }

    /// <summary>Every pageview, as sent: what <c>/engagement</c> reports.</summary>
    public long Views { get; }

    public long Heartbeats { get; }
    public long EngagedSeconds { get; }

    /// <summary>
    /// The views that rank the page (popular, trending, the views boost and blend): at most one per distinct reader of
    /// the hour, min(views, readers), so that 2,000 pageviews from one reader count as 1 and from five as 5. Readers
    /// are estimated (<see cref="HyperLogLog"/>, ±4.6 %; exact to within a reader below about 50).
    /// </summary>
    public double RankedViews { get; }

    public long ReferralsOf(ReferralClass referral) => referrals[(int)referral];

    /// <summary>The value of <paramref name="signal"/> in this hour; views are <see cref="RankedViews"/>.</summary>
    public double ValueOf(Boost signal) => signal switch
    {
        Boost.Views => RankedViews,
        Boost.EngagedTime => EngagedSeconds,
        Boost.SocialReferrals => ReferralsOf(ReferralClass.Social),
        Boost.SearchReferrals => ReferralsOf(ReferralClass.Search),
        Boost.InternalReferrals => ReferralsOf(ReferralClass.Internal),
        _ => 0,
    };

    /// <summary>These counts with <paramref name="events"/> of the page in this hour added; this one is left as it was.</summary>
    public HourCounts Plus(IEnumerable<PageEvent> events, Func<PageEvent, ReferralClass> classify)
    {
        var (views, heartbeats, engagedSeconds) = (Views, Heartbeats, EngagedSeconds);
        var moreReferrals = (long[])referrals.Clone();
        var moreReaders = readers.Copy();
        foreach (var pageEvent in events)
        {
            moreReaders.Add(pageEvent.Uuid);
            if (pageEvent.Action == EventAction.Pageview)
            {
                views++;
                moreReferrals[(int)classify(pageEvent)]++;
            }
            else
            {
                heartbeats++;
                engagedSeconds += pageEvent.EngagedSeconds;
            }
        }
        return new HourCounts(Hour, views, heartbeats, engagedSeconds, moreReferrals, moreReaders);
    }

    public void AddReadersTo(HyperLogLog union) => union.UnionWith(readers);

    public byte[] ReadersToArray() => readers.ToArray();

    public string ReferralsToText() => string.Join(',', referrals);

    /// <summary>Restores the counts saved with <see cref="ReferralsToText"/> and <see cref="ReadersToArray"/>.</summary>
    public static HourCounts Restore(long hour, long views, long heartbeats, long engagedSeconds, string referralsText, byte[] readers)
    {
        var referrals = new long[ReferralClasses];
        var saved = referralsText.Split(',');
        for (var i = 0; i < Math.Min(saved.Length, referrals.Length); i++) referrals[i] = long.TryParse(saved[i], out var count) ? count : 0;
        return new HourCounts(hour, views, heartbeats, engagedSeconds, referrals, new HyperLogLog(readers));
    }
}
