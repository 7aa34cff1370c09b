using System.Globalization;
using StackExchange.Redis;

namespace Recommender.Core.Profiles;

/// <summary>
/// The shared profile store: every node of a scaled-out server reads and trains the same profiles in Redis.
/// </summary>
/// <remarks>
/// Layout, per reader (both keys share a hash tag, so they stay on one Redis node):
/// <c>{prefix}profile:{{site}}:entries</c>, a hash of URL → "time-ticks weight", and
/// <c>{prefix}profile:{{site}}:reader</c>, a hash with the last training time ("last") and the profile version.
/// One counter, <c>{prefix}profile-version</c>, numbers the versions of all readers, so a reader's version never
/// repeats, even across a delete (the store needs one Redis primary; it is not written for Redis Cluster).
///
/// Every change is one Lua script, so it is atomic however many nodes train the same reader. Times are kept
/// as 19-digit tick strings: Lua compares them as strings exactly, where its numbers (doubles) would round ticks.
///
/// Expiry: the store's clock decides whether a reader still exists, as in <see cref="SqliteProfileStore"/>; each
/// training also sets a Redis expiry of <see cref="ProfileStoreOptions.ExpireAfterInactivity"/> on the reader's
/// keys, so Redis itself removes inactive readers without a sweep.
///
/// Durability: an acknowledged training is as durable as the Redis server's persistence. With
/// <c>appendonly yes</c> Redis writes the command to its append-only file before it replies, so the training survives
/// Redis being killed and restarted; with the default <c>appendfsync everysec</c> an OS crash can lose the last second.
///
/// Failures: when Redis cannot be reached or times out, calls throw <see cref="ProfileStoreUnavailableException"/>.
/// </remarks>
public sealed class RedisProfileStore : IProfileStore, IDisposable
{
    public const string DefaultKeyPrefix = "recommender:";

    // Beyond this, the expiry is "never": Redis rejects expiry times past its own clock's range.
    static readonly TimeSpan LongestRedisExpiry = TimeSpan.FromDays(365 * 100);

    // KEYS: entries, reader, version counter. ARGV: now, cutoff, url, time, weight, max entries, expiry ms (0: never).
    const string TrainScript = """
        local last = redis.call('HGET', KEYS[2], 'last')
        if last and last < ARGV[2] then redis.call('DEL', KEYS[1]) end
        local time, weight = ARGV[4], ARGV[5]
        local old = redis.call('HGET', KEYS[1], ARGV[3])
        if old then
          local oldTime, oldWeight = string.match(old, '^(%d+) (.+)$')
          if oldTime > time then time = oldTime end
          if tonumber(oldWeight) > tonumber(weight) then weight = oldWeight end
        end
        redis.call('HSET', KEYS[1], ARGV[3], time .. ' ' .. weight)
        local max = tonumber(ARGV[6])
        local size = redis.call('HLEN', KEYS[1])
        if size > max then
          local all = redis.call('HGETALL', KEYS[1])
          local entries = {}
          for i = 1, #all, 2 do entries[#entries + 1] = { all[i], string.sub(all[i + 1], 1, 19) } end
          table.sort(entries, function(a, b) if a[2] ~= b[2] then return a[2] > b[2] end return a[1] < b[1] end)
          for i = max + 1, #entries do redis.call('HDEL', KEYS[1], entries[i][1]) end
          size = max
        end
        redis.call('HSET', KEYS[2], 'last', ARGV[1], 'version', redis.call('INCR', KEYS[3]))
        if ARGV[7] ~= '0' then
          redis.call('PEXPIRE', KEYS[1], ARGV[7])
          redis.call('PEXPIRE', KEYS[2], ARGV[7])
        end
        return size
        """;

    // KEYS: entries, reader. ARGV: cutoff. Returns the entries hash as a flat list, empty for an expired reader.
    const string GetScript = """
        local last = redis.call('HGET', KEYS[2], 'last')
        if not last or last < ARGV[1] then return {} end
        return redis.call('HGETALL', KEYS[1])
        """;

    // KEYS: entries, reader. ARGV: cutoff. Returns 1 when the reader had a live profile.
    const string DeleteScript = """
        local last = redis.call('HGET', KEYS[2], 'last')
        redis.call('DEL', KEYS[1], KEYS[2])
        if last and last >= ARGV[1] then return 1 end
        return 0
        """;

    readonly IDatabase _redis;
    readonly ProfileStoreOptions _options;
    readonly TimeProvider _clock;
    readonly string _keyPrefix;
    readonly RedisKey _versionCounter;
    bool _disposed;

    /// <param name="redis">A connection the caller owns and disposes (the server shares it with its response cache).</param>
    /// <param name="keyPrefix">Put before every key, so several stores (or tests) can share one Redis.</param>
    public RedisProfileStore(IConnectionMultiplexer redis, ProfileStoreOptions options, TimeProvider? clock = null, string keyPrefix = DefaultKeyPrefix)
    {
        options.Validate();
        _redis = redis.GetDatabase();
        _options = options;
        _clock = clock ?? TimeProvider.System;
        _keyPrefix = keyPrefix;
        _versionCounter = keyPrefix + "profile-version";
    }

    public async Task<int> TrainAsync(string site, string uuid, string url, DateTimeOffset time, double weight, CancellationToken ct)
    {
        ProfileArguments.ThrowIfInvalidTraining(site, uuid, url, weight);
        var expiry = _options.ExpireAfterInactivity > LongestRedisExpiry ? 0 : (long)_options.ExpireAfterInactivity.TotalMilliseconds;
        var size = await Run(site, uuid, TrainScript, [_versionCounter],
            [Ticks(_clock.GetUtcNow()), ExpiryCutoff(), url, Ticks(time), weight.ToString("R", CultureInfo.InvariantCulture),
             _options.MaxEntriesPerReader, expiry], ct);
        return (int)size;
    }

    public async Task<IReadOnlyList<ProfileEntry>> GetAsync(string site, string uuid, int limit, CancellationToken ct)
    {
        ProfileArguments.ThrowIfInvalidReader(site, uuid);
        ProfileArguments.ThrowIfInvalidLimit(limit);
        var fields = (RedisResult[])(await Run(site, uuid, GetScript, [], [ExpiryCutoff()], ct))!;
        var entries = new List<ProfileEntry>(fields.Length / 2);
        for (var i = 0; i < fields.Length; i += 2)
        {
            var value = fields[i + 1].ToString();
            var space = value.IndexOf(' ');
            entries.Add(new ProfileEntry(
                fields[i].ToString(),
                new DateTimeOffset(long.Parse(value.AsSpan(0, space), CultureInfo.InvariantCulture), TimeSpan.Zero),
                double.Parse(value.AsSpan(space + 1), CultureInfo.InvariantCulture)));
        }
        // As the embedded store orders them: newest first, then by URL.
        return [.. entries.OrderByDescending(e => e.Time).ThenBy(e => e.Url, StringComparer.Ordinal).Take(limit)];
    }

    public async Task<bool> DeleteAsync(string site, string uuid, CancellationToken ct)
    {
        ProfileArguments.ThrowIfInvalidReader(site, uuid);
        return (int)await Run(site, uuid, DeleteScript, [], [ExpiryCutoff()], ct) == 1;
    }

    public async Task<long> VersionAsync(string site, string uuid, CancellationToken ct)
    {
        ProfileArguments.ThrowIfInvalidReader(site, uuid);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var (_, reader) = Keys(site, uuid);
        var values = await Call(() => _redis.HashGetAsync(reader, ["last", "version"]), ct);
        return values[0].HasValue && string.CompareOrdinal(values[0].ToString(), ExpiryCutoff()) >= 0 ? (long)values[1] : 0;
    }

    /// <summary>The reader's keys; <see cref="DeleteAsync"/> removes exactly these.</summary>
    public (RedisKey Entries, RedisKey Reader) Keys(string site, string uuid)
    {
        // The site's length makes the split between site and uuid unambiguous whatever characters they hold.
        var reader = $"{_keyPrefix}profile:{{{site.Length}:{site}:{uuid}}}";
        return (reader + ":entries", reader + ":reader");
    }

    /// <summary>Marks the store closed; the connection belongs to the caller.</summary>
    public void Dispose() => _disposed = true;

    Task<RedisResult> Run(string site, string uuid, string script, RedisKey[] moreKeys, RedisValue[] arguments, CancellationToken ct)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var (entries, reader) = Keys(site, uuid);
        return Call(() => _redis.ScriptEvaluateAsync(script, [entries, reader, .. moreKeys], arguments), ct);
    }

    static async Task<T> Call<T>(Func<Task<T>> command, CancellationToken ct)
    {
        try
        {
            return await command().WaitAsync(ct);
        }
        // A Redis still loading its data after a restart answers LOADING: as unavailable as a closed port.
        catch (Exception e) when (e is RedisConnectionException or RedisTimeoutException ||
                                  e is RedisServerException && e.Message.StartsWith("LOADING", StringComparison.Ordinal))
        {
            throw new ProfileStoreUnavailableException($"The Redis profile store did not answer: {e.Message}", e);
        }
    }

    string ExpiryCutoff() => Ticks(_options.ExpiryCutoffTicks(_clock.GetUtcNow()));

    static string Ticks(DateTimeOffset time) => Ticks(time.UtcTicks);

    // Fixed width, so that ordinal order is time order, in Lua and here.
    static string Ticks(long ticks) => ticks.ToString("D19", CultureInfo.InvariantCulture);
}
