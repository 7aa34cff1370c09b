namespace Recommender.Core.Profiles;

/// <summary>One article a reader was trained on: when (UTC) and how strongly (a like weighs more than a view).</summary>
public sealed record ProfileEntry(string Url, DateTimeOffset Time, double Weight);

/// <summary>One read to train into a reader's profile (<see cref="IProfileStore.TrainManyAsync"/>).</summary>
public sealed record Training(string Site, string Uuid, string Url, DateTimeOffset Time, double Weight);
