using Recommender.Core.Profiles;
using Recommender.Tests;
using StackExchange.Redis;

namespace Recommender.Core.Tests.Profiles;

/// <summary>One redis-server (with an append-only file) for the Redis store's tests; each test keeps to keys of its own.</summary>
public sealed class RedisFixture : IDisposable
{
    public RedisServer Server { get; } = RedisServer.Start(appendOnly: true);

    public ConnectionMultiplexer Connect() =>
        ConnectionMultiplexer.Connect(new ConfigurationOptions
        {
            EndPoints = { Server.Configuration },
            AbortOnConnectFail = false,
            BacklogPolicy = BacklogPolicy.FailFast,
        });

    public void Dispose() => Server.Dispose();
}

[CollectionDefinition(Name)]
public sealed class RedisCollection : ICollectionFixture<RedisFixture>
{
    public const string Name = "redis";
}

[Collection(RedisCollection.Name)]
public sealed class RedisProfileStoreTests(RedisFixture redis) : ProfileStoreContract<RedisProfileStore>
{
    readonly ConnectionMultiplexer _connection = redis.Connect();
    readonly string _prefix = $"test-{Guid.NewGuid():N}:";

    protected override RedisProfileStore OpenStore(ProfileStoreOptions options, TimeProvider clock) =>
        new(_connection, options, clock, _prefix);

    public override void Dispose()
    {
        base.Dispose();
        _connection.Dispose();
    }

    RedisKey[] KeysOfThisTest() => [.. _connection.GetServers().Single().Keys(pattern: _prefix + "*")];

    [Fact]
    public async Task Delete_removes_every_key_of_the_reader()
    {
        var store = Open();
        await store.TrainAsync("site", "reader", "https://news.example/a", Clock.GetUtcNow(), 1, CancellationToken.None);
        await store.TrainAsync("site", "other", "https://news.example/a", Clock.GetUtcNow(), 1, CancellationToken.None);
        var (entries, reader) = store.Keys("site", "reader");
        Assert.Contains(entries, KeysOfThisTest());
        Assert.Contains(reader, KeysOfThisTest());

        await store.DeleteAsync("site", "reader", CancellationToken.None);

        Assert.DoesNotContain(KeysOfThisTest(), key => key.ToString().Contains("reader}"));
        Assert.Contains(store.Keys("site", "other").Entries, KeysOfThisTest());
    }

    [Fact]
    public async Task Redis_expires_a_readers_keys_after_the_inactivity_expiry()
    {
        var store = Open(new ProfileStoreOptions { ExpireAfterInactivity = TimeSpan.FromDays(30) });
        await store.TrainAsync("site", "reader", "https://news.example/a", Clock.GetUtcNow(), 1, CancellationToken.None);

        var database = _connection.GetDatabase();
        foreach (var key in new[] { store.Keys("site", "reader").Entries, store.Keys("site", "reader").Reader })
        {
            var ttl = await database.KeyTimeToLiveAsync(key);
            Assert.InRange(ttl!.Value, TimeSpan.FromDays(30) - TimeSpan.FromMinutes(1), TimeSpan.FromDays(30));
        }
    }

    [Fact]
    public async Task Readers_with_colons_and_braces_in_their_names_do_not_collide()
    {
        var store = Open();
        await store.TrainAsync("a:b", "c", "https://news.example/1", Clock.GetUtcNow(), 1, CancellationToken.None);
        await store.TrainAsync("a", "b:c", "https://news.example/2", Clock.GetUtcNow(), 1, CancellationToken.None);
        await store.TrainAsync("a}", "{b", "https://news.example/3", Clock.GetUtcNow(), 1, CancellationToken.None);

        Assert.Equal("https://news.example/1", Assert.Single(await store.GetAsync("a:b", "c", 10, CancellationToken.None)).Url);
        Assert.Equal("https://news.example/2", Assert.Single(await store.GetAsync("a", "b:c", 10, CancellationToken.None)).Url);
        Assert.Equal("https://news.example/3", Assert.Single(await store.GetAsync("a}", "{b", 10, CancellationToken.None)).Url);
    }
}

/// <summary>What a Redis crash does to the store: it runs on a redis-server of its own, which it kills.</summary>
public sealed class RedisProfileStoreOutageTests : IDisposable
{
    readonly RedisServer _server = RedisServer.Start(appendOnly: true);
    readonly ConnectionMultiplexer _connection;
    readonly RedisProfileStore _store;
    static readonly DateTimeOffset Now = new(2026, 11, 1, 12, 0, 0, TimeSpan.Zero);

    public RedisProfileStoreOutageTests()
    {
        _connection = ConnectionMultiplexer.Connect(new ConfigurationOptions
        {
            EndPoints = { _server.Configuration },
            AbortOnConnectFail = false,
            BacklogPolicy = BacklogPolicy.FailFast,
        });
        _store = new RedisProfileStore(_connection, new ProfileStoreOptions(), new Microsoft.Extensions.Time.Testing.FakeTimeProvider(Now));
    }

    public void Dispose()
    {
        _store.Dispose();
        _connection.Dispose();
        _server.Dispose();
    }

    [Fact]
    public async Task An_acknowledged_training_survives_redis_being_killed_and_restarted()
    {
        await _store.TrainAsync("site", "reader", "https://news.example/a", Now, 2, CancellationToken.None);
        await _store.TrainAsync("site", "reader", "https://news.example/b", Now.AddMinutes(1), 1, CancellationToken.None);
        var version = await _store.VersionAsync("site", "reader", CancellationToken.None);

        _server.Kill();
        _server.Start();
        await WaitUntilConnected();

        Assert.Equal(
            [new ProfileEntry("https://news.example/b", Now.AddMinutes(1), 1), new ProfileEntry("https://news.example/a", Now, 2)],
            await _store.GetAsync("site", "reader", 10, CancellationToken.None));
        Assert.Equal(version, await _store.VersionAsync("site", "reader", CancellationToken.None));
        // The version counter survived too: the next version is new.
        await _store.TrainAsync("site", "reader", "https://news.example/c", Now, 1, CancellationToken.None);
        Assert.True(await _store.VersionAsync("site", "reader", CancellationToken.None) > version);
    }

    [Fact]
    public async Task With_redis_down_every_call_fails_fast_as_unavailable()
    {
        _server.Kill();

        var started = System.Diagnostics.Stopwatch.StartNew();
        await Assert.ThrowsAsync<ProfileStoreUnavailableException>(() => _store.VersionAsync("site", "reader", CancellationToken.None));
        await Assert.ThrowsAsync<ProfileStoreUnavailableException>(() => _store.GetAsync("site", "reader", 10, CancellationToken.None));
        await Assert.ThrowsAsync<ProfileStoreUnavailableException>(() =>
            _store.TrainAsync("site", "reader", "https://news.example/a", Now, 1, CancellationToken.None));
        await Assert.ThrowsAsync<ProfileStoreUnavailableException>(() => _store.DeleteAsync("site", "reader", CancellationToken.None));
        // Not a timing target: only that the calls do not wait for a reconnect (the default backlog waits 5 s each, 20 s here).
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(10), $"took {started.Elapsed}");
    }

    async Task WaitUntilConnected()
    {
        for (var i = 0; i < 200 && !_connection.IsConnected; i++) await Task.Delay(50);
        Assert.True(_connection.IsConnected, "the connection did not come back");
    }
}
