using Microsoft.Extensions.Caching.Distributed;

namespace Recommender.Server.Caching;

/// <summary>
/// The response cache's shared level (Redis) as a cache that never fails and never waits long: a call that throws,
/// takes longer than the timeout, or is not made while the <see cref="RedisCircuit"/> is open counts as a miss (or a
/// skipped write) and is recorded in <see cref="RedisErrors"/>.
/// So with Redis down or slow, answers come from the node's own memory or a fresh query, and once Redis is back
/// (the connection reconnects by itself) the shared level is used again.
/// </summary>
public sealed class ResilientDistributedCache(IDistributedCache redis, RedisCircuit circuit, TimeSpan timeout, RedisErrors errors) : IDistributedCache
{
    public byte[]? Get(string key) => GetAsync(key).GetAwaiter().GetResult();

    public Task<byte[]?> GetAsync(string key, CancellationToken token = default) =>
        Guard("read", () => redis.GetAsync(key, token), token);

    public void Set(string key, byte[] value, DistributedCacheEntryOptions options) => SetAsync(key, value, options).GetAwaiter().GetResult();

    public Task SetAsync(string key, byte[] value, DistributedCacheEntryOptions options, CancellationToken token = default) =>
        Guard("write", async () => { await redis.SetAsync(key, value, options, token); return (byte[]?)null; }, token);

    public void Refresh(string key) => RefreshAsync(key).GetAwaiter().GetResult();

    public Task RefreshAsync(string key, CancellationToken token = default) =>
        Guard("refresh", async () => { await redis.RefreshAsync(key, token); return (byte[]?)null; }, token);

    public void Remove(string key) => RemoveAsync(key).GetAwaiter().GetResult();

    public Task RemoveAsync(string key, CancellationToken token = default) =>
        Guard("remove", async () => { await redis.RemoveAsync(key, token); return (byte[]?)null; }, token);

    async Task<byte[]?> Guard(string operation, Func<Task<byte[]?>> call, CancellationToken token)
    {
        try
        {
            return await circuit.RunAsync(call, timeout, _ => true, token);
        }
        catch (Exception e) when (!token.IsCancellationRequested)
        {
            errors.Record($"response cache {operation}", e);
            return null;
        }
    }
}
