using Recommender.Core.Profiles;

namespace Recommender.Server.Caching;

/// <summary>
/// The Redis profile store behind the <see cref="RedisCircuit"/>: a call that takes longer than
/// <see cref="RedisOptions.ProfileTimeoutMilliseconds"/>, or is not made while the circuit is open, throws
/// <see cref="ProfileStoreUnavailableException"/> like an unreachable Redis does, so a personalised answer falls back
/// to the anonymous one within that time and a training answers 503. A training that timed out may still be applied
/// once Redis answers again; training is idempotent (the later time, the larger weight), so a retry does no harm.
/// </summary>
public sealed class ResilientProfileStore(IProfileStore store, RedisCircuit circuit, TimeSpan timeout) : IProfileStore
{
    public Task<int> TrainAsync(string site, string uuid, string url, DateTimeOffset time, double weight, CancellationToken ct) =>
        Guard(() => store.TrainAsync(site, uuid, url, time, weight, ct), ct);

    public Task TrainManyAsync(IReadOnlyList<Training> reads, CancellationToken ct) =>
        Guard(async () =>
        {
            await store.TrainManyAsync(reads, ct);
            return reads.Count;
        }, ct);

    public Task<IReadOnlyList<ProfileEntry>> GetAsync(string site, string uuid, int limit, CancellationToken ct) =>
        Guard(() => store.GetAsync(site, uuid, limit, ct), ct);

    public Task<Profile> ReadAsync(string site, string uuid, int limit, CancellationToken ct) => Guard(() => store.ReadAsync(site, uuid, limit, ct), ct);

    public Task<bool> DeleteAsync(string site, string uuid, CancellationToken ct) => Guard(() => store.DeleteAsync(site, uuid, ct), ct);

    public Task<long> VersionAsync(string site, string uuid, CancellationToken ct) => Guard(() => store.VersionAsync(site, uuid, ct), ct);

    public Task<IReadOnlyList<ActiveReader>> ActiveReadersAsync(string site, DateTimeOffset since, ActiveReader? after, int limit, CancellationToken ct) =>
        Guard(() => store.ActiveReadersAsync(site, since, after, limit, ct), ct);

    async Task<T> Guard<T>(Func<Task<T>> call, CancellationToken ct)
    {
        try
        {
            return await circuit.RunAsync(call, timeout, e => e is ProfileStoreUnavailableException, ct);
        }
        catch (Exception e) when (e is TimeoutException or RedisCircuitOpenException)
        {
            throw new ProfileStoreUnavailableException($"The Redis profile store did not answer: {e.Message}", e);
        }
    }
}
