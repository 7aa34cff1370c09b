namespace Recommender.Core.Profiles;

/// <summary>One article a reader was trained on: when (UTC) and how strongly (a like weighs more than a view).</summary>
public sealed record ProfileEntry(string Url, DateTimeOffset Time, double Weight);

/// <summary>One read to train into a reader's profile (<see cref="IProfileStore.TrainManyAsync"/>).</summary>
public sealed record Training(string Site, string Uuid, string Url, DateTimeOffset Time, double Weight);

/// <summary>A reader's profile as <see cref="IProfileStore.ReadAsync"/> reads it: its version (0: none) and its most recent entries, newest first.</summary>
public sealed record Profile(long Version, IReadOnlyList<ProfileEntry> Entries)
{
    /// <summary>The profile of a reader the store does not know.</summary>
    public static readonly Profile None = new(0, []);
}
