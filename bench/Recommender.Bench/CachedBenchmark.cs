using Recommender.Server.RateLimiting;
using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Internal;
using Recommender.Core.Articles;
using Recommender.Core.Importing;
using Recommender.Core.Indexing;
using Recommender.Core.Profiles;
using Recommender.Server;

namespace Recommender.Bench;

/// <summary>
/// The response cache: cached <c>/related</c> requests/s from this node's memory, over real HTTP on loopback with
/// keep-alive clients (a lean one on raw sockets, as wrk would be, and <see cref="HttpClient"/>, as a .NET caller
/// would be), and the hit ratio when the reading log of MIND (../shared/data/mind-fragment) is replayed.
/// </summary>
public static class CachedBenchmark
{
    const string MindSite = "mind.example";

    sealed record Settings(int[] Concurrency, TimeSpan Duration, TimeSpan Warmup, int Pages, string Mind, int[] ReplayCacheSeconds);

    public static Command Create()
    {
        var concurrency = new Option<int[]>("--concurrency") { Description = "Requests in flight (connections of the socket client, threads of the HttpClient one), repeatable.", DefaultValueFactory = _ => [1, 8, 32], AllowMultipleArgumentsPerToken = true };
        var seconds = new Option<int>("--seconds") { Description = "Duration of each timed run.", DefaultValueFactory = _ => 10 };
        var warmup = new Option<int>("--warmup") { Description = "Seconds of untimed requests first, with each client (long enough for the JIT to finish on a busy machine).", DefaultValueFactory = _ => 10 };
        var pages = new Option<int>("--pages") { Description = "Distinct /related requests the load cycles through (each cached after its first).", DefaultValueFactory = _ => 50 };
        var mind = new Option<string>("--mind") { Description = "The MIND fragment (news.tsv, behaviors.tsv) whose reading log is replayed.", DefaultValueFactory = _ => "../shared/data/mind-fragment" };
        var replayCacheSeconds = new Option<int[]>("--replay-cache-seconds") { Description = "The site's cache time in the replay (repeatable: one replay each).", DefaultValueFactory = _ => [60], AllowMultipleArgumentsPerToken = true };
        var command = new Command("cached", "Cached /related requests/s from memory, and the cache's hit ratio over a replayed reading log.")
        {
            concurrency, seconds, warmup, pages, mind, replayCacheSeconds,
        };
        command.SetAction(result => Run(new Settings(result.GetValue(concurrency)!, TimeSpan.FromSeconds(result.GetValue(seconds)),
            TimeSpan.FromSeconds(result.GetValue(warmup)), result.GetValue(pages), result.GetValue(mind)!, result.GetValue(replayCacheSeconds)!)));
        return command;
    }

    static async Task<int> Run(Settings settings)
    {
        Console.WriteLine($"machine: {Machine.Describe()}");
        await Throughput(settings);
        foreach (var cacheSeconds in settings.ReplayCacheSeconds) await Replay(settings.Mind, cacheSeconds);
        return 0;
    }

    /// <summary>Repeated /related?url= on the sample catalogue: after each page's first request, every answer is an L1 hit.</summary>
    static async Task Throughput(Settings settings)
    {
        var data = Directory.CreateTempSubdirectory("cached-bench-").FullName;
        try
        {
            // A cache time longer than all the runs (warm-ups included), so that every timed request can be a hit.
            var site = SampleCatalogue.Site;
            await using var app = RecommenderApp.Build(new ServerSettings("http://127.0.0.1:0", data),
            [
                "--Samples:LoadWhenEmpty=true", "--Logging:LogLevel:Default=Warning",
                $"--Sites:{site}:AllowedHosts:0={site}", $"--Sites:{site}:Defaults:CacheSeconds=3600", .. RateLimits.Lifted,
            ]);
            await app.StartAsync();
            var urls = app.Services.GetRequiredService<ArticleIndex>()
                .Search(new Lucene.Net.Search.MatchAllDocsQuery(), new ArticleFilter { Site = site }, 0, settings.Pages, ArticleSort.Score)
                .Hits.Select(h => $"/related?apikey={site}&url={Uri.EscapeDataString(h.Article.Url)}").ToArray();

            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = settings.Concurrency.Max() })
            {
                BaseAddress = new Uri(app.Urls.First()),
            };
            var misses = 0;
            Func<int, bool> send = n =>
            {
                var (ok, hit) = HttpClientLoad.Get(client, urls[n % urls.Length]);
                if (!hit) Interlocked.Increment(ref misses);
                return ok;
            };
            var server = new Uri(app.Urls.First());
            var requests = urls.Select(url => HttpLoadConnection.Get(server, url)).ToArray();
            var connections = Enumerable.Range(0, settings.Concurrency.Max())
                .Select(_ => new HttpLoadConnection(server)).ToArray();
            Func<int, int, ValueTask<bool>> sendOnSocket = async (connection, n) =>
            {
                var (ok, hit) = await connections[connection].SendAsync(requests[n % requests.Length]);
                if (!hit) Interlocked.Increment(ref misses);
                return ok;
            };
            // Every page once, so that the timed runs measure hits only (their misses column says whether they did).
            foreach (var url in urls) HttpClientLoad.Get(client, url);
            LoadRun.Run(settings.Concurrency.Max(), settings.Warmup, send);
            await LoadRun.RunAsync(settings.Concurrency.Max(), settings.Warmup, sendOnSocket);

            Console.WriteLine();
            Console.WriteLine($"### Cached `/related?url=` from memory (L1), {urls.Length} distinct requests, sample catalogue");
            Console.WriteLine();
            Console.WriteLine("| client | in flight | requests | req/s | p50 ms | p99 ms | max ms | CPU ms/req | misses | failed |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            foreach (var concurrency in settings.Concurrency)
            {
                misses = 0;
                Print("sockets", await LoadRun.RunAsync(concurrency, settings.Duration, sendOnSocket));
                misses = 0;
                Print("HttpClient", LoadRun.Run(concurrency, settings.Duration, send));
            }
            foreach (var connection in connections) connection.Dispose();
            void Print(string clientName, LoadResult r) =>
                Console.WriteLine($"| {clientName} | {r.Concurrency} | {r.Requests} | {r.PerSecond:F0} | {r.Percentile(50):F3} | {r.Percentile(99):F3} | " +
                                  $"{r.Max:F1} | {r.CpuMsPerRequest:F3} | {misses} | {r.Failures} |");
            Console.WriteLine($"- load average at the end: {Machine.LoadAverage()}");
            await app.StopAsync();
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    /// <summary>
    /// The MIND reading log in time order against a catalogue of its news: for every impression the reader's home page
    /// asks for their list; for every click the article page asks for its list, personalised and anonymous, and the
    /// click trains the profile. The server's clock (profiles, cache expiry) follows the log's time, so the cache's
    /// cache time is counted in log time.
    /// </summary>
    static async Task Replay(string mindDirectory, int cacheSeconds)
    {
        var newsPath = Path.Combine(mindDirectory, "news.tsv");
        var behaviorsPath = Path.Combine(mindDirectory, "behaviors.tsv");
        Console.WriteLine();
        if (!File.Exists(newsPath) || !File.Exists(behaviorsPath))
        {
            Console.WriteLine($"Hit-ratio replay skipped: the MIND fragment is not at {Path.GetFullPath(mindDirectory)} (--mind DIR).");
            return;
        }

        var news = File.ReadLines(newsPath).Select(l => l.Split('\t')).Where(f => f.Length >= 5).ToDictionary(f => f[0], f => f);
        var impressions = File.ReadLines(behaviorsPath).Select(l => l.Split('\t')).Where(f => f.Length >= 5)
            .Select(f => (User: f[1], Time: ParseTime(f[2]), History: Known(f[3]), Clicks: Known(string.Join(' ',
                f[4].Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(i => i.EndsWith("-1")).Select(i => i[..^2])))))
            .OrderBy(i => i.Time).ToList();
        string[] Known(string ids) => [.. ids.Split(' ', StringSplitOptions.RemoveEmptyEntries).Where(news.ContainsKey)];

        var data = Directory.CreateTempSubdirectory("cached-replay-").FullName;
        try
        {
            var dataFolder = new DataFolder(data);
            using (var index = ArticleIndex.Open(dataFolder.Index))
            {
                new ArticleImporter(index).ImportJsonl(MindSite, news.Values.Select(ArticleLine));
                index.Commit();
            }

            var clock = new ReplayClock { Now = impressions[0].Time.AddDays(-1) };
            string[] configuration =
            [
                "--Logging:LogLevel:Default=Warning", $"--Sites:{MindSite}:AllowedHosts:0={MindSite}", $"--Sites:{MindSite}:Defaults:CacheSeconds={cacheSeconds}",
                $"--Sites:{MindSite}:Secret={BenchSecret}",
                .. RateLimits.Lifted,
            ];
            await using var app = RecommenderApp.Build(new ServerSettings("http://127.0.0.1:0", data), configuration, builder =>
            {
                builder.Services.AddSingleton<TimeProvider>(clock);
                builder.Services.Configure<MemoryCacheOptions>(options => options.Clock = clock);
            });
            await app.StartAsync();

            // Reads before the log's first day: each reader's known history, as their profile when the log starts.
            var store = app.Services.GetRequiredService<IProfileStore>();
            foreach (var reader in impressions.GroupBy(i => i.User))
                foreach (var id in reader.First().History)
                    await store.TrainAsync(MindSite, reader.Key, Url(id), clock.Now, 1, CancellationToken.None);

            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            // Training is the site's backend's call: it carries the site's secret key.
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", BenchSecret);
            var counts = new Dictionary<string, (int Requests, int Hits)>();
            void Count(string kind, string path)
            {
                var (ok, hit) = HttpClientLoad.Get(client, path);
                if (!ok) throw new InvalidOperationException($"GET {path} failed");
                var (requests, hits) = counts.GetValueOrDefault(kind);
                counts[kind] = (requests + 1, hits + (hit ? 1 : 0));
            }

            foreach (var impression in impressions)
            {
                clock.Now = impression.Time;
                var uuid = Uri.EscapeDataString(impression.User);
                Count("home page, personalised `/related?uuid=`", $"/related?apikey={MindSite}&uuid={uuid}");
                foreach (var id in impression.Clicks)
                {
                    var url = Uri.EscapeDataString(Url(id));
                    Count("article page, personalised `/related?url=&uuid=`", $"/related?apikey={MindSite}&url={url}&uuid={uuid}");
                    Count("article page, anonymous `/related?url=`", $"/related?apikey={MindSite}&url={url}");
                    using var training = client.Send(new HttpRequestMessage(HttpMethod.Post, $"/profile?apikey={MindSite}&uuid={uuid}&url={url}"));
                    if (!training.IsSuccessStatusCode) throw new InvalidOperationException($"training failed: {(int)training.StatusCode}");
                }
            }
            await app.StopAsync();

            Console.WriteLine($"### Hit ratio, MIND reading log replayed ({impressions.Count} impressions of {impressions.Select(i => i.User).Distinct().Count()} readers, " +
                              $"{impressions[0].Time:yyyy-MM-dd HH:mm} to {impressions[^1].Time:yyyy-MM-dd HH:mm} UTC; {news.Count} articles; cache time {cacheSeconds} s of log time)");
            Console.WriteLine();
            Console.WriteLine("| requests | count | hits | hit ratio |");
            Console.WriteLine("|---|---:|---:|---:|");
            foreach (var (kind, (requests, hits)) in counts)
                Console.WriteLine($"| {kind} | {requests} | {hits} | {(double)hits / requests:P1} |");
            var all = (Requests: counts.Values.Sum(c => c.Requests), Hits: counts.Values.Sum(c => c.Hits));
            Console.WriteLine($"| all | {all.Requests} | {all.Hits} | {(double)all.Hits / all.Requests:P1} |");
        }
        finally
        {
            Directory.Delete(data, recursive: true);
        }
    }

    const string BenchSecret = "bench-secret-of-the-mind-site";

    static string Url(string newsId) => $"https://{MindSite}/news/{newsId}";

    /// <summary>news.tsv: id, category, subcategory, title, abstract, …</summary>
    static string ArticleLine(string[] fields) => JsonSerializer.Serialize(new ArticleJson
    {
        Url = Url(fields[0]),
        Section = fields[1],
        Tags = [fields[2]],
        Title = fields[3],
        Description = fields[4],
        Text = fields[4],
    }, ArticleJson.Options);

    static DateTimeOffset ParseTime(string time) =>
        new(DateTime.ParseExact(time, "M/d/yyyy h:mm:ss tt", CultureInfo.InvariantCulture), TimeSpan.Zero);

    /// <summary>The log's time, for the server (profiles, recency) and for the memory cache's expiry alike.</summary>
    sealed class ReplayClock : TimeProvider, ISystemClock
    {
        public DateTimeOffset Now { get; set; }
        public DateTimeOffset UtcNow => Now;
        public override DateTimeOffset GetUtcNow() => Now;
    }
}
