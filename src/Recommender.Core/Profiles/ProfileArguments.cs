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
}
