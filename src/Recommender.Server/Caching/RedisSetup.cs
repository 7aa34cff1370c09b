using Microsoft.Extensions.Caching.Distributed;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Options;
using Recommender.Core.Profiles;
using StackExchange.Redis;

namespace Recommender.Server.Caching;

/// <summary>The <c>Redis</c> configuration section.</summary>
public sealed class RedisOptions
{
    public const string SectionName = "Redis";

    /// <summary>A StackExchange.Redis configuration string (e.g. <c>redis1:6379,password=…</c>); absent: no Redis.</summary>
    public string? Configuration { get; set; }

    /// <summary>The longest a request waits for the shared response cache before it treats the call as a miss.</summary>
    public int CacheTimeoutMilliseconds { get; set; } = 100;

    /// <summary>
    /// The longest a request waits for a reader's profile before it answers without it (or 503 for a training). A
    /// request's Redis calls share one time to wait in vain, their first call's timeout (<see cref="RedisCircuit"/>).
    /// </summary>
    public int ProfileTimeoutMilliseconds { get; set; } = 100;

    /// <summary>After 3 failed or timed-out calls in a row, how long no call is made to Redis before the next try.</summary>
    public int BreakMilliseconds { get; set; } = 5_000;
}

/// <summary>
/// Where profiles and cached answers live. Without <c>Redis:Configuration</c>: profiles in the embedded SQLite store,
/// answers in this node's memory. With it: profiles in Redis, shared by every node, and answers in memory and Redis.
/// </summary>
public static class RedisSetup
{
    public static void AddProfilesAndListingCache(this IServiceCollection services, IConfiguration configuration, DataFolder data)
    {
        var redis = configuration.GetSection(RedisOptions.SectionName).Get<RedisOptions>() ?? new();
        services.Configure<ProfileStoreOptions>(configuration.GetSection("Profiles"));
        services.AddSingleton<RedisErrors>();
        services.AddOptions<ResponseCacheOptions>().BindConfiguration(ResponseCacheOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ListingMemory>();
        services.AddSingleton<ListingCache>();
        services.AddHybridCache();

        if (string.IsNullOrWhiteSpace(redis.Configuration))
        {
            services.AddSingleton<IProfileStore>(provider => new SqliteProfileStore(
                data.Profiles, provider.GetRequiredService<IOptions<ProfileStoreOptions>>().Value, provider.GetRequiredService<TimeProvider>()));
            return;
        }

        var options = ConfigurationOptions.Parse(redis.Configuration);
        // Start and keep running while Redis is down (it reconnects by itself), and fail a call at once while it
        // is, rather than queue it until a timeout: a request then answers without Redis instead of waiting for it.
        options.AbortOnConnectFail = false;
        options.BacklogPolicy = BacklogPolicy.FailFast;
        // The circuit keeps each request's time to wait for Redis on the request (RedisCircuit).
        services.AddHttpContextAccessor();
        services.AddSingleton(provider => new RedisCircuit(TimeSpan.FromMilliseconds(redis.BreakMilliseconds), provider.GetRequiredService<IHttpContextAccessor>()));
        services.AddSingleton<IConnectionMultiplexer>(provider =>
        {
            var connection = ConnectionMultiplexer.Connect(options);
            var circuit = provider.GetRequiredService<RedisCircuit>();
            // A restarted Redis is used as soon as the connection is back, not after the rest of a break.
            connection.ConnectionRestored += (_, _) => circuit.Close();
            return connection;
        });
        services.AddSingleton<IProfileStore>(provider => new ResilientProfileStore(
            new RedisProfileStore(
                provider.GetRequiredService<IConnectionMultiplexer>(), provider.GetRequiredService<IOptions<ProfileStoreOptions>>().Value,
                provider.GetRequiredService<TimeProvider>()),
            provider.GetRequiredService<RedisCircuit>(),
            TimeSpan.FromMilliseconds(redis.ProfileTimeoutMilliseconds)));
        services.AddSingleton<IDistributedCache>(provider => new ResilientDistributedCache(
            new RedisCache(Options.Create(new RedisCacheOptions
            {
                ConnectionMultiplexerFactory = () => Task.FromResult(provider.GetRequiredService<IConnectionMultiplexer>()),
                InstanceName = RedisProfileStore.DefaultKeyPrefix,
            })),
            provider.GetRequiredService<RedisCircuit>(),
            TimeSpan.FromMilliseconds(redis.CacheTimeoutMilliseconds),
            provider.GetRequiredService<RedisErrors>()));
    }
}
