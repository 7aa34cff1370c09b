using System.Diagnostics;
using System.Net;
using Recommender.Server.Caching;
using Recommender.Tests;

namespace Recommender.Server.Tests.Api;

/// <summary>
/// A Redis that hangs (frozen with SIGSTOP: connected, silent) rather than dies: without a timeout every personalised
/// request waited StackExchange.Redis's 5 s.
/// </summary>
public sealed class HungRedisTests : IAsyncLifetime
{
    const string Site = Catalogues.SampleSite;

    /// <summary>
    /// Far above the 100 ms timeout plus a loaded machine's noise (1.5 s was exceeded once on a busy machine), far below
    /// the stall the Redis client's own 10 s timeouts (set below) would cause without the circuit.
    /// </summary>
    static readonly TimeSpan Generous = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The profile and response-cache timeouts: long enough that a loaded machine's noise stays well under one more
    /// wait, so an answer within two of them shows a single wait.
    /// </summary>
    static readonly TimeSpan RedisTimeout = TimeSpan.FromMilliseconds(500);

    readonly RedisServer redis = RedisServer.Start();
    readonly TempDirectory data = new();
    readonly IReadOnlyList<SampleArticle> articles = Catalogues.Sample();
    RunningServer server = null!;

    public async Task InitializeAsync()
    {
        Catalogues.Import(data.Path, Site, File.ReadLines(Catalogues.SamplePath));
        server = await RunningServer.StartAsync(data.Path,
            [$"--Redis:Configuration={redis.Configuration},syncTimeout=10000,asyncTimeout=10000",
                $"--Redis:ProfileTimeoutMilliseconds={RedisTimeout.TotalMilliseconds}", $"--Redis:CacheTimeoutMilliseconds={RedisTimeout.TotalMilliseconds}",
                "--Redis:BreakMilliseconds=500"]);
    }

    public async Task DisposeAsync()
    {
        await server.DisposeAsync();
        redis.Dispose();
        data.Dispose();
    }

    [Fact]
    public async Task Personalised_answers_come_without_the_profile_and_trainings_get_503_quickly_then_heal_after_redis_thaws()
    {
        var uuid = $"reader-{Guid.NewGuid():N}";
        await TrainOnceRedisAnswersAsync(uuid, articles[3].Url);
        Assert.Contains("because you read", await Body($"/related?apikey={Site}&uuid={uuid}"));

        redis.Freeze();
        // A new limit each time, so that no answer comes from the cache.
        for (var limit = 1; limit <= 8; limit++)
        {
            var watch = Stopwatch.StartNew();
            var body = await Body($"/related?apikey={Site}&uuid={uuid}&limit={limit}");
            Assert.True(watch.Elapsed < Generous, $"personalised /related took {watch.ElapsedMilliseconds} ms with Redis frozen");
            Assert.DoesNotContain("because you read", body);
        }
        var training = Stopwatch.StartNew();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await server.TryTrainAsync(Site, uuid, articles[4].Url));
        Assert.True(training.Elapsed < Generous, $"a training took {training.ElapsedMilliseconds} ms with Redis frozen");

        redis.Thaw();
        var deadline = Stopwatch.StartNew();
        while (!(await Body($"/related?apikey={Site}&uuid={uuid}&limit=9")).Contains("because you read"))
        {
            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(20), "personalised answers did not come back after Redis thawed");
            await Task.Delay(100);
        }
        await server.TrainAsync(Site, uuid, articles[5].Url);
    }

    [Fact]
    public async Task The_first_personalised_answer_after_redis_hangs_waits_for_redis_once_not_per_call()
    {
        var uuid = $"reader-{Guid.NewGuid():N}";
        await TrainOnceRedisAnswersAsync(uuid, articles[3].Url);
        Assert.Contains("because you read", await Body($"/related?apikey={Site}&uuid={uuid}"));
        // The answer a reader without a profile gets, computed once (another limit, so not cached for the call below):
        // the first computation of it took 340 ms at load 32, which is not Redis's doing.
        // Its write to the shared cache follows the answer: wait for it, so that it cannot hang once Redis is frozen.
        var shared = await RedisNodesTests.SharedAnswersIn(redis);
        await Body($"/related?apikey={Site}&uuid=reader-without-profile&limit=3");
        for (var i = 0; i < 200 && await RedisNodesTests.SharedAnswersIn(redis) == shared; i++) await Task.Delay(50);
        Assert.True(await RedisNodesTests.SharedAnswersIn(redis) > shared, "the answer was not written to Redis");
        var circuit = server.Services.GetRequiredService<RedisCircuit>();
        var timeoutsBefore = circuit.Timeouts;

        redis.Freeze();
        // The profile's version, then the shared response cache's read and write: three calls, one time to wait.
        var watch = Stopwatch.StartNew();
        var body = await Body($"/related?apikey={Site}&uuid={uuid}&limit=2");
        watch.Stop();

        Assert.DoesNotContain("because you read", body);
        Assert.Equal(1, circuit.Timeouts - timeoutsBefore);
        Assert.True(watch.Elapsed < 2 * RedisTimeout, $"the first personalised /related with Redis frozen took {watch.ElapsedMilliseconds} ms");
    }

    /// <summary>
    /// Trains the reader, again while the server answers 503: a fresh server's first Redis calls can outlast the 500 ms
    /// timeout on a loaded machine (a first training got 503 once in a fresh-clone CI run, before anything was frozen),
    /// and a caller retries a 503 as this does. The circuit then closes after its 500 ms break.
    /// </summary>
    async Task TrainOnceRedisAnswersAsync(string uuid, string url)
    {
        var deadline = Stopwatch.StartNew();
        while (await server.TryTrainAsync(Site, uuid, url) is var status && status != HttpStatusCode.Accepted)
        {
            Assert.True(status == HttpStatusCode.ServiceUnavailable && deadline.Elapsed < Generous * 4,
                $"training before Redis was frozen: {(int)status} after {deadline.ElapsedMilliseconds} ms");
            await Task.Delay(100);
        }
    }

    async Task<string> Body(string pathAndQuery)
    {
        using var response = await server.Client.GetAsync(pathAndQuery);
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {pathAndQuery}: {(int)response.StatusCode} {body}");
        return body;
    }
}
