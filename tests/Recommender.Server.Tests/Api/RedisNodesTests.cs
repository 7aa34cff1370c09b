using System.Collections.Concurrent;
using System.Net;
using System.Text;
using System.Text.Json;
using Recommender.Server.Caching;
using Recommender.Tests;
using StackExchange.Redis;

namespace Recommender.Server.Tests.Api;

/// <summary>
/// Two server nodes, each with its own index of the sample catalogue, sharing one real redis-server: profiles and
/// cached answers are shared, and killing Redis costs no request.
/// </summary>
public sealed class RedisNodesTests : IAsyncLifetime
{
    const string Site = Catalogues.SampleSite;

    readonly RedisServer _redis = RedisServer.Start(appendOnly: true);
    readonly TempDirectory _dataA = new(), _dataB = new();
    readonly CapturedLog _log = new();
    readonly IReadOnlyList<SampleArticle> _articles = Catalogues.Sample();
    RunningServer _a = null!, _b = null!;

    public async Task InitializeAsync()
    {
        _a = await StartNode(_dataA);
        _b = await StartNode(_dataB);
    }

    async Task<RunningServer> StartNode(TempDirectory data)
    {
        Catalogues.Import(data.Path, Site, File.ReadLines(Catalogues.SamplePath));
        // Redis's timeouts well above a loaded machine's round trip: these tests are about what the nodes share and about
        // a dead Redis (refused at once), and a hung one is HungRedisTests'. At the default 100 ms, CI at load 12-15 had
        // one node's profile read time out, so that node answered the reader as anonymous and the two answers differed.
        return await RunningServer.StartAsync(data.Path,
            [$"--Redis:Configuration={_redis.Configuration}", "--Redis:ProfileTimeoutMilliseconds=5000", "--Redis:CacheTimeoutMilliseconds=5000"],
            customize: builder => builder.Logging.AddProvider(_log));
    }

    public async Task DisposeAsync()
    {
        await _a.DisposeAsync();
        await _b.DisposeAsync();
        _redis.Dispose();
        _dataA.Dispose();
        _dataB.Dispose();
    }

    static async Task<(HttpStatusCode Status, string Cache, string Body)> Get(RunningServer node, string pathAndQuery)
    {
        using var response = await node.GetAsync(pathAndQuery);
        var cache = response.Headers.TryGetValues("X-Cache", out var values) ? values.Single() : "";
        return (response.StatusCode, cache, await response.Content.ReadAsStringAsync());
    }

    string Page(int n) => Uri.EscapeDataString(_articles[n].Url);

    async Task WaitUntilRedisIsBack(RunningServer node)
    {
        var connection = node.Services.GetRequiredService<IConnectionMultiplexer>();
        for (var i = 0; i < 600 && !connection.IsConnected; i++) await Task.Delay(50);
        Assert.True(connection.IsConnected, "the node did not reconnect to Redis");
    }

    /// <summary>Cached answers in Redis, counted by a connection of the test's own.</summary>
    Task<int> SharedAnswers() => SharedAnswersIn(_redis);

    /// <summary>Cached answers in <paramref name="redis"/>, counted by a connection of the test's own.</summary>
    internal static async Task<int> SharedAnswersIn(RedisServer redis)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration);
        return connection.GetServers().Single().Keys(pattern: "recommender:listing:*").Count();
    }

    /// <summary>HybridCache writes a new answer to Redis after it has answered the request: wait for that write.</summary>
    async Task WaitUntilSharedAnswersExceed(int count)
    {
        for (var i = 0; i < 200 && await SharedAnswers() <= count; i++) await Task.Delay(50);
        Assert.True(await SharedAnswers() > count, "the answer was not written to Redis");
    }

    [Fact]
    public async Task A_training_on_one_node_personalises_the_other_at_once()
    {
        var uuid = $"reader-{Guid.NewGuid():N}";
        await _a.TrainAsync(Site, uuid, _articles[3].Url);
        var onA = await Get(_a, $"/related?apikey={Site}&uuid={uuid}");
        var onB = await Get(_b, $"/related?apikey={Site}&uuid={uuid}");

        // The reader reads the top answer on the other node, a minute later.
        var top = JsonDocument.Parse(onB.Body).RootElement.GetProperty("data")[0].GetProperty("url").GetString()!;
        _b.Clock.Advance(TimeSpan.FromMinutes(1));
        await _b.TrainAsync(Site, uuid, top);
        var onAAfterB = await Get(_a, $"/related?apikey={Site}&uuid={uuid}");

        Assert.Equal([top, _articles[3].Url], (await _a.HistoryAsync(Site, uuid)).Select(e => e.Url));
        Assert.Equal(onA.Body, onB.Body);
        Assert.Equal("MISS", onAAfterB.Cache);
        Assert.DoesNotContain(top, onAAfterB.Body);
    }

    [Fact]
    public async Task An_answer_computed_on_one_node_is_a_hit_on_the_other()
    {
        var before = await SharedAnswers();
        var onA = await Get(_a, $"/related?apikey={Site}&url={Page(6)}&limit=4");
        await WaitUntilSharedAnswersExceed(before);
        var onB = await Get(_b, $"/related?limit=4&url={Page(6)}&apikey={Site}");

        Assert.Equal(("MISS", "HIT"), (onA.Cache, onB.Cache));
        Assert.Equal(onA.Body, onB.Body);
    }

    /// <summary>The cached answers in Redis as stored (HybridCache's payload, in the data field of RedisCache's hash).</summary>
    async Task<List<string>> SharedAnswerPayloads()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(_redis.Configuration);
        var database = connection.GetDatabase();
        var payloads = new List<string>();
        foreach (var key in connection.GetServers().Single().Keys(pattern: "recommender:listing:*"))
            payloads.Add(Encoding.UTF8.GetString((byte[])(await database.HashGetAsync(key, "data"))!));
        return payloads;
    }

    static HashSet<string> KeysInMemory(RunningServer node) =>
        [.. node.Services.GetRequiredService<ListingMemory>().Cache.Keys.OfType<string>()];

    [Fact]
    public async Task A_readers_answers_never_go_to_redis_and_forgetting_the_reader_drops_them_from_memory()
    {
        var uuid = $"reader-{Guid.NewGuid():N}";
        await _a.TrainAsync(Site, uuid, _articles[12].Url);
        var before = await SharedAnswers();
        var personal = await Get(_a, $"/related?apikey={Site}&uuid={uuid}&limit=5");
        var personalOnPage = await Get(_a, $"/related?apikey={Site}&uuid={uuid}&url={Page(13)}");
        // Then an anonymous answer: once it is in Redis, answers written before it on the same connection would be too.
        var anonymous = await Get(_a, $"/related?apikey={Site}&url={Page(14)}&limit=3");
        await WaitUntilSharedAnswersExceed(before);
        var payloads = await SharedAnswerPayloads();
        var inMemory = KeysInMemory(_a);

        using var forget = await _a.Client.DeleteAsync($"/profile?apikey={Site}&uuid={uuid}");
        var droppedAnswers = inMemory.Except(KeysInMemory(_a)).Where(key => key.StartsWith("listing:", StringComparison.Ordinal)).ToList();
        var afterForget = await Get(_a, $"/related?apikey={Site}&uuid={uuid}&limit=5");

        Assert.Equal(("MISS", "MISS", "MISS"), (personal.Cache, personalOnPage.Cache, anonymous.Cache));
        Assert.Contains("because you read", personal.Body);
        // HybridCache stores an answer's bytes as base64 in its JSON.
        string Stored(string body) => Convert.ToBase64String(Encoding.UTF8.GetBytes(body));
        Assert.Contains(payloads, p => p.Contains(Stored(anonymous.Body)));
        Assert.DoesNotContain(payloads, p => p.Contains(Stored(personal.Body)) || p.Contains(Stored(personalOnPage.Body)));
        Assert.Equal(HttpStatusCode.NoContent, forget.StatusCode);
        // Both of the reader's answers, and nothing of anyone else's.
        Assert.Equal(2, droppedAnswers.Count);
        Assert.Equal("MISS", afterForget.Cache);
        Assert.DoesNotContain("because you read", afterForget.Body);
    }

    [Fact]
    public async Task Ready_reports_redis()
    {
        var ready = await Get(_a, "/ready");
        Assert.Equal(HttpStatusCode.OK, ready.Status);
        Assert.Equal("reachable", JsonDocument.Parse(ready.Body).RootElement.GetProperty("redis").GetString());

        _redis.Kill();
        var notReady = await Get(_a, "/ready");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.Status);
        Assert.Equal("unreachable", JsonDocument.Parse(notReady.Body).RootElement.GetProperty("redis").GetString());
    }

    [Fact]
    public async Task Killing_redis_mid_run_fails_no_request_and_a_restarted_redis_is_used_again()
    {
        var uuid = $"reader-{Guid.NewGuid():N}";
        await _a.TrainAsync(Site, uuid, _articles[7].Url);
        string[] paths =
        [
            $"/related?apikey={Site}&uuid={uuid}",
            $"/related?apikey={Site}&uuid={uuid}&url={Page(8)}",
            $"/search?apikey={Site}&q=rates",
        ];
        var failures = new ConcurrentBag<string>();
        var requests = 0;
        using var stop = new CancellationTokenSource();
        // Both nodes keep asking, known answers and new ones (a new limit each round: a miss that must compute).
        var load = Task.WhenAll(new[] { _a, _b }.Select(node => Task.Run(async () =>
        {
            for (var round = 1; !stop.IsCancellationRequested; round++)
            {
                foreach (var path in paths.Append($"/related?apikey={Site}&url={Page(round % 40)}&limit={1 + round % 100}"))
                {
                    var (status, _, body) = await Get(node, path);
                    Interlocked.Increment(ref requests);
                    if (status != HttpStatusCode.OK) failures.Add($"{path}: {(int)status} {body}");
                }
            }
        })));

        await Task.Delay(300);
        _redis.Kill();
        // Down until both nodes have met the outage (a loaded machine may take a while), and a little longer.
        var errors = new[] { _a, _b }.Select(node => node.Services.GetRequiredService<RedisErrors>()).ToArray();
        for (var i = 0; i < 400 && errors.Any(e => e.Total == 0); i++) await Task.Delay(50);
        await Task.Delay(500);
        var errorsDuringOutage = errors.Min(e => e.Total);
        _redis.Start();
        await WaitUntilRedisIsBack(_a);
        await WaitUntilRedisIsBack(_b);
        await Task.Delay(300);
        await stop.CancelAsync();
        await load;

        Assert.Empty(failures);
        Assert.True(requests > 50, $"only {requests} requests");
        Assert.True(errorsDuringOutage > 0, "a node counted no Redis error during the outage");
        // Counted every time, logged once per interval (the test clock does not move, so once in all per node).
        Assert.Equal(2, _log.Warnings(typeof(RedisErrors).FullName!));

        // Profiles are in Redis with its append-only file: the training before the kill is still there.
        Assert.Equal([_articles[7].Url], (await _b.HistoryAsync(Site, uuid)).Select(e => e.Url));
        var shared = await SharedAnswers();
        var onA = await Get(_a, $"/related?apikey={Site}&url={Page(9)}&limit=9");
        await WaitUntilSharedAnswersExceed(shared);
        var onB = await Get(_b, $"/related?apikey={Site}&url={Page(9)}&limit=9");
        Assert.Equal(("MISS", "HIT"), (onA.Cache, onB.Cache));
    }

    [Fact]
    public async Task With_redis_down_a_training_is_refused_with_503_and_a_listing_still_answers()
    {
        var uuid = $"reader-{Guid.NewGuid():N}";
        await _a.TrainAsync(Site, uuid, _articles[10].Url);
        _redis.Kill();

        using var training = await _a.Client.PostAsync($"/profile?apikey={Site}&uuid={uuid}&url={Page(11)}", null);
        var listing = await Get(_a, $"/related?apikey={Site}&uuid={uuid}");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, training.StatusCode);
        Assert.Equal("application/problem+json", training.Content.Headers.ContentType!.MediaType);
        Assert.Equal(HttpStatusCode.OK, listing.Status);
    }
}

/// <summary>Keeps the warnings (by category) and the errors that loggers of the server write.</summary>
public sealed class CapturedLog : ILoggerProvider
{
    readonly ConcurrentQueue<string> _warnings = new();

    public ConcurrentQueue<string> Errors { get; } = new();

    public int Warnings(string category) => _warnings.Count(c => c == category);

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void Dispose()
    {
    }

    sealed class Logger(string category, CapturedLog log) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;
        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Warning) log._warnings.Enqueue(category);
            else if (logLevel > LogLevel.Warning) log.Errors.Enqueue($"{category}: {formatter(state, exception)}");
        }
    }
}
