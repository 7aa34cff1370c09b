namespace Recommender.Core.Profiles;

/// <summary>The argument checks every <see cref="IProfileStore"/> makes, so all stores reject the same input.</summary>
public static class ProfileArguments
{
    public static void ThrowIfInvalidReader(string site, string uuid)
    {
        ArgumentException.ThrowIfNullOrEmpty(site);
        ArgumentException.ThrowIfNullOrEmpty(uuid);
    }

    public static void ThrowIfInvalidTraining(string site, string uuid, string url, double weight)
    {
        ThrowIfInvalidReader(site, uuid);
        ArgumentException.ThrowIfNullOrEmpty(url);
        if (!double.IsFinite(weight) || weight <= 0)
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "A training weight is a positive finite number.");
    }

    public static void ThrowIfInvalidLimit(int limit) => ArgumentOutOfRangeException.ThrowIfNegative(limit);

    /// <summary>
    /// The most readers one page of <see cref="IProfileStore.ActiveReadersAsync"/> lists: 1,000 uuids are ~40 KB, one
    /// Redis reply or one index range scan, and a digest run takes about a second per page (docs/BENCHMARKS.md).
    /// </summary>
    public const int MaxReadersPage = 1_000;

    public static void ThrowIfInvalidReadersPage(string site, int limit)
    {
        ArgumentException.ThrowIfNullOrEmpty(site);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxReadersPage);
    }
}
