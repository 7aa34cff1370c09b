namespace Recommender.Core.Profiles;

/// <summary>
/// The reading profiles of readers: per site (apikey) and reader (uuid), the articles the reader
/// was trained on. The embedded <see cref="SqliteProfileStore"/> is the default; a shared store
/// (Redis) implements the same contract for scale-out.
/// </summary>
/// <remarks>
/// Semantics every implementation keeps (tests/Recommender.Core.Tests/Profiles/ProfileStoreContract.cs):
/// <list type="bullet">
/// <item>Training a URL the reader already has updates that entry instead of adding a duplicate:
/// it keeps the later of the two times and the larger of the two weights, so a view that arrives
/// after a like does not demote the like, and an event delivered late does not move an entry back.</item>
/// <item>A reader keeps at most <see cref="ProfileStoreOptions.MaxEntriesPerReader"/> entries; training
/// beyond that drops the oldest.</item>
/// <item>A reader not trained for <see cref="ProfileStoreOptions.ExpireAfterInactivity"/> (by the store's
/// clock) is gone: nothing is returned, and training again starts a new, empty profile.</item>
/// <item>A store whose storage is a server (Redis) throws <see cref="ProfileStoreUnavailableException"/> while it
/// cannot reach it, so callers can answer without the profile.</item>
/// </list>
/// </remarks>
public interface IProfileStore
{
    /// <summary>
    /// Adds <paramref name="url"/> to the reader's profile, or updates its entry. The training is durable
    /// once the task completes.
    /// </summary>
    /// <returns>The number of entries in the reader's profile after training.</returns>
    Task<int> TrainAsync(string site, string uuid, string url, DateTimeOffset time, double weight, CancellationToken ct);

    /// <summary>
    /// Trains each read as <see cref="TrainAsync"/> would, in order; all are durable once the task completes. A store
    /// writes them together where it can (one SQLite transaction, one Redis pipeline): a batch of events or an import
    /// pays one commit, not one a read.
    /// </summary>
    Task TrainManyAsync(IReadOnlyList<Training> reads, CancellationToken ct);

    /// <summary>The reader's most recent entries, newest first, at most <paramref name="limit"/>; empty for an unknown reader.</summary>
    Task<IReadOnlyList<ProfileEntry>> GetAsync(string site, string uuid, int limit, CancellationToken ct);

    /// <summary>
    /// The reader's <see cref="VersionAsync"/> and <see cref="GetAsync"/> in one read, so that the entries are the
    /// version's own (a training between two reads would key one version's answer under the other): a personalised
    /// <c>/related</c> reads its reader once.
    /// </summary>
    Task<Profile> ReadAsync(string site, string uuid, int limit, CancellationToken ct);

    /// <summary>Forgets the reader entirely (a privacy request). Returns whether there was a profile.</summary>
    Task<bool> DeleteAsync(string site, string uuid, CancellationToken ct);

    /// <summary>
    /// A number that changes whenever the reader's profile changes (train, delete), so responses built from
    /// a profile can be cached under it. 0 means the reader has no profile; a version once given for a
    /// non-empty profile is never given for another content of the same reader.
    /// </summary>
    Task<long> VersionAsync(string site, string uuid, CancellationToken ct);

    /// <summary>
    /// One page of the site's readers last trained (by the store's clock) at or after <paramref name="since"/>, least
    /// recently active first, then by uuid (ordinal), at most <paramref name="limit"/> (1 to
    /// <see cref="ProfileArguments.MaxReadersPage"/>); <paramref name="after"/> is the last reader of the previous page,
    /// null for the first. A reader trained again while a caller pages moves to the end: it may come twice, never not at all.
    /// </summary>
    Task<IReadOnlyList<ActiveReader>> ActiveReadersAsync(string site, DateTimeOffset since, ActiveReader? after, int limit, CancellationToken ct);
}

/// <summary>A reader of a site and when the store last trained them (to the microsecond at least).</summary>
public sealed record ActiveReader(string Uuid, DateTimeOffset LastActive);
