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
/// Readers by activity: <c>{prefix}profile-active:{site}</c>, a sorted set of the site's uuids scored by their last
/// training in microseconds since 1970 (exact in a double until the year 2255; ticks would round), which each training
/// also trims of readers past the expiry, and a delete leaves.
///
/// Every change is one Lua script, so it is atomic however many nodes train the same reader. Times are kept
/// as 19-digit tick strings: Lua compares them as strings exactly, where its numbers (doubles) would round ticks.
///
/// Expiry: the store's clock decides whether a reader still exists, as in <see cref="SqliteProfileStore"/>; each
/// training also sets a Redis expiry of <see cref="ProfileStoreOptions.ExpireAfterInactivity"/> on the reader's
/// keys, so Redis itself removes inactive readers without a sweep.
///
/// Durability: an acknowledged training is as durable as the Redis server's persistence. With
/// <c>appendonly yes</c> and <c>appendfsync always</c> Redis writes and syncs the command to its append-only file
/// before it replies, so the training survives Redis being killed and restarted, or the machine crashing. With the
/// default <c>appendfsync everysec</c> Redis may reply first: while its background fsync is running it holds writes
/// back for up to 2 s, so a kill or a crash can lose the last ~2 s of trainings.
///
/// Failures: when Redis cannot be reached or times out, calls throw <see cref="ProfileStoreUnavailableException"/>.
/// </remarks>
public sealed class RedisProfileStore : IProfileStore, IDisposable
{
    public const string DefaultKeyPrefix = "recommender:";

    // Beyond this, the expiry is "never": Redis rejects expiry times past its own clock's range.
    static readonly TimeSpan LongestRedisExpiry = TimeSpan.FromDays(365 * 100);

    // KEYS: entries, reader, version counter, site's active readers.
    // ARGV: now, cutoff, url, time, weight, max entries, expiry ms (0: never), uuid, now µs, cutoff µs.
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
        redis.call('ZADD', KEYS[4], ARGV[9], ARGV[8])
        redis.call('ZREMRANGEBYSCORE', KEYS[4], '-inf', '(' .. ARGV[10])
        return size
        """;

    // KEYS: entries, reader. ARGV: cutoff. Returns the version, then the entries hash as a flat list; empty for an
    // unknown or expired reader.
    const string ReadScript = """
        local reader = redis.call('HMGET', KEYS[2], 'last', 'version')
        if not reader[1] or reader[1] < ARGV[1] then return {} end
        local profile = redis.call('HGETALL', KEYS[1])
        table.insert(profile, 1, reader[2])
        return profile
        """;

    // KEYS: entries, reader, site's active readers. ARGV: cutoff, uuid. Returns 1 when the reader had a live profile.
    const string DeleteScript = """
        local last = redis.call('HGET', KEYS[2], 'last')
        redis.call('DEL', KEYS[1], KEYS[2])
        redis.call('ZREM', KEYS[3], ARGV[2])
        if last and last >= ARGV[1] then return 1 end
        return 0
        """;

    // KEYS: site's active readers. ARGV: since µs (not before the expiry), after µs, after uuid ('' for the first page), limit.
    // A page starts just after the last reader of the previous one: at its rank while it keeps that score, else where
    // that score and uuid would sort. Scores stay strings: Lua would print a 16-digit number in %.14g and round it.
    const string ActiveReadersScript = """
        local start = redis.call('ZCOUNT', KEYS[1], '-inf', '(' .. ARGV[1])
        if ARGV[3] ~= '' then
          local after = start
          local score = redis.call('ZSCORE', KEYS[1], ARGV[3])
          if score and tonumber(score) == tonumber(ARGV[2]) then
            after = redis.call('ZRANK', KEYS[1], ARGV[3]) + 1
          else
            after = redis.call('ZCOUNT', KEYS[1], '-inf', '(' .. ARGV[2])
            for _, uuid in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], ARGV[2], ARGV[2])) do
              if uuid < ARGV[3] then after = after + 1 end
            end
          end
          if after > start then start = after end
        end
        return redis.call('ZRANGE', KEYS[1], start, start + tonumber(ARGV[4]) - 1, 'WITHSCORES')
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
        var now = _clock.GetUtcNow();
        var cutoff = _options.ExpiryCutoffTicks(now);
        var size = await Run(site, uuid, TrainScript, [_versionCounter, ActiveKey(site)],
            [Ticks(now), Ticks(cutoff), url, Ticks(time), weight.ToString("R", CultureInfo.InvariantCulture),
             _options.MaxEntriesPerReader, expiry, uuid, Microseconds(now.UtcTicks), Microseconds(cutoff)], ct);
        return (int)size;
    }

    /// <summary>Every read's script sent at once: the client pipelines them on its one connection, in order.</summary>
    public Task TrainManyAsync(IReadOnlyList<Training> reads, CancellationToken ct)
    {
        // All checked before any is sent, as the embedded store refuses the batch whole.
        foreach (var read in reads) ProfileArguments.ThrowIfInvalidTraining(read.Site, read.Uuid, read.Url, read.Weight);
        return Task.WhenAll(reads.Select(read => TrainAsync(read.Site, read.Uuid, read.Url, read.Time, read.Weight, ct)));
    }

    public async Task<IReadOnlyList<ProfileEntry>> GetAsync(string site, string uuid, int limit, CancellationToken ct) =>
        (await ReadAsync(site, uuid, limit, ct)).Entries;

    public async Task<Profile> ReadAsync(string site, string uuid, int limit, CancellationToken ct)
    {
        ProfileArguments.ThrowIfInvalidReader(site, uuid);
        ProfileArguments.ThrowIfInvalidLimit(limit);
        var fields = (RedisResult[])(await Run(site, uuid, ReadScript, [], [ExpiryCutoff()], ct))!;
        if (fields.Length == 0) return Profile.None;
        var entries = new List<ProfileEntry>(fields.Length / 2);
        for (var i = 1; i < fields.Length; i += 2)
        {
            var value = fields[i + 1].ToString();
            var space = value.IndexOf(' ');
            entries.Add(new ProfileEntry(
                fields[i].ToString(),
                new DateTimeOffset(long.Parse(value.AsSpan(0, space), CultureInfo.InvariantCulture), TimeSpan.Zero),
                double.Parse(value.AsSpan(space + 1), CultureInfo.InvariantCulture)));
        }
        // As the embedded store orders them: newest first, then by URL.
        return new Profile((long)fields[0], [.. entries.OrderByDescending(e => e.Time).ThenBy(e => e.Url, StringComparer.Ordinal).Take(limit)]);
    }

    public async Task<bool> DeleteAsync(string site, string uuid, CancellationToken ct)
    {
        ProfileArguments.ThrowIfInvalidReader(site, uuid);
        return (int)await Run(site, uuid, DeleteScript, [ActiveKey(site)], [ExpiryCutoff(), uuid], ct) == 1;
    }

    public async Task<IReadOnlyList<ActiveReader>> ActiveReadersAsync(string site, DateTimeOffset since, ActiveReader? after, int limit, CancellationToken ct)
    {
        ProfileArguments.ThrowIfInvalidReadersPage(site, limit);
        ObjectDisposedException.ThrowIf(_disposed, this);
        var from = Math.Max(since.UtcTicks, _options.ExpiryCutoffTicks(_clock.GetUtcNow()));
        var page = (RedisResult[])(await Call(() => _redis.ScriptEvaluateAsync(ActiveReadersScript, [ActiveKey(site)],
            [Microseconds(from), after is null ? "" : Microseconds(after.LastActive.UtcTicks), after?.Uuid ?? "", limit]), ct))!;
        var readers = new List<ActiveReader>(page.Length / 2);
        for (var i = 0; i < page.Length; i += 2)
        {
            var microseconds = long.Parse(page[i + 1].ToString(), NumberStyles.Float, CultureInfo.InvariantCulture);
            readers.Add(new ActiveReader(page[i].ToString(), DateTimeOffset.UnixEpoch.AddTicks(microseconds * TimeSpan.TicksPerMicrosecond)));
        }
        return readers;
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

    RedisKey ActiveKey(string site) => $"{_keyPrefix}profile-active:{site.Length}:{site}";

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

    /// <summary>Microseconds since 1970 as a string (negative before 1970: an expiry of "never" cuts off at year 1).</summary>
    static string Microseconds(long ticks) =>
        ((ticks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond).ToString(CultureInfo.InvariantCulture);

    // Fixed width, so that ordinal order is time order, in Lua and here.
    static string Ticks(long ticks) => ticks.ToString("D19", CultureInfo.InvariantCulture);
}
