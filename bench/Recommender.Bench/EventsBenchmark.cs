using Recommender.Server.RateLimiting;
using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Recommender.Core.Articles;
using Recommender.Core.Events;
using Recommender.Core.Indexing;
using Recommender.Server;

namespace Recommender.Bench;

/// <summary>
/// The events pipeline of the embedded default, in-process on loopback: events/s sustained through
/// <c>POST /events</c>, and the time from a new article's first pageview until <c>/related</c> answers for it
/// (crawled from a local publisher site, extracted, indexed and searchable).
/// </summary>
public static class EventsBenchmark
{
    const string Site = "bench";

    static readonly string[] Topics = ["harbour", "election", "vaccine", "drought", "stadium", "railway", "orchestra", "glacier", "startup", "museum"];

    sealed record Settings(int Articles, int Batch, int Concurrency, TimeSpan Duration, int FirstViews);

    public static Command Create()
    {
        var articles = new Option<int>("--articles") { Description = "Indexed articles the events are about.", DefaultValueFactory = _ => 1_000 };
        var batch = new Option<int[]>("--batch") { Description = "Events per request (repeatable); the tag sends 1.", DefaultValueFactory = _ => [1, 20], AllowMultipleArgumentsPerToken = true };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight (client threads).", DefaultValueFactory = _ => 8 };
        var seconds = new Option<int>("--seconds") { Description = "Duration of each timed run.", DefaultValueFactory = _ => 20 };
        var firstViews = new Option<int>("--first-views") { Description = "New articles whose first view is timed until recommendable.", DefaultValueFactory = _ => 20 };
        var command = new Command("events", "Events/s through POST /events, and first-view-to-recommendable time of a new article.")
        {
            articles, batch, concurrency, seconds, firstViews,
        };
        command.SetAction(async result =>
        {
            Console.WriteLine($"machine: {Machine.Describe()}");
            foreach (var size in result.GetValue(batch)!)
            {
                await Run(new Settings(result.GetValue(articles), size, result.GetValue(concurrency),
                    TimeSpan.FromSeconds(result.GetValue(seconds)), result.GetValue(firstViews)));
            }
            return 0;
        });
        return command;
    }

    static async Task Run(Settings settings)
    {
        var data = Directory.CreateTempSubdirectory("recommender-events-bench-");
        try
        {
            var served = new ConcurrentDictionary<string, long>();
            await using var publisher = await StartPublisher(settings.Articles + settings.FirstViews, served);
            var urls = Enumerable.Range(0, settings.Articles + settings.FirstViews).Select(i => PublisherUrl(publisher, i)).ToArray();
            IndexArticles(new DataFolder(data.FullName).Index, urls.Take(settings.Articles));

            await using var app = RecommenderApp.Build(new ServerSettings("http://127.0.0.1:0", data.FullName),
            [
                $"--Sites:{Site}:AllowedHosts:0=127.0.0.1", "--Crawler:AllowPrivateNetworks=true", "--Logging:LogLevel:Default=Warning",
                .. RateLimits.Lifted,
            ]);
            await app.StartAsync();
            using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = settings.Concurrency }) { BaseAddress = new Uri(app.Urls.First()) };

            Console.WriteLine();
            Console.WriteLine($"### {settings.Batch} event(s) per request, {settings.Articles:N0} indexed articles, {settings.Concurrency} in flight");
            await Throughput(app, client, urls.Take(settings.Articles).ToArray(), settings);
            await FirstViews(client, urls.Skip(settings.Articles).ToArray(), served);
            await app.StopAsync();
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    /// <summary>Readers' visits as the tag reports them: one pageview, then heartbeats of 10 s (six for a minute's visit).</summary>
    static async Task Throughput(WebApplication app, HttpClient client, string[] urls, Settings settings)
    {
        var stream = app.Services.GetRequiredService<ChannelEventStream>();
        var refused = 0;
        LoadRun.Run(settings.Concurrency, TimeSpan.FromSeconds(3), n => Post(client, Batch(urls, n, settings.Batch), ref refused));
        await Drain(stream);
        refused = 0;

        var result = LoadRun.Run(settings.Concurrency, settings.Duration, n => Post(client, Batch(urls, n, settings.Batch), ref refused));
        var drainTime = Stopwatch.StartNew();
        await Drain(stream);
        var accepted = (long)(result.Requests - result.Failures) * settings.Batch;
        Console.WriteLine();
        Console.WriteLine("| run | requests | events accepted | accepted events/s | processed events/s (run + drain) | p50 ms | p99 ms | CPU ms/1,000 events | refused (503) | failed |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        Console.WriteLine($"| `POST /events`, {settings.Batch}/request | {result.Requests} | {accepted} | {accepted / result.Elapsed.TotalSeconds:F0} | " +
                          $"{accepted / (result.Elapsed + drainTime.Elapsed).TotalSeconds:F0} | {result.Percentile(50):F2} | {result.Percentile(99):F2} | " +
                          $"{result.ProcessorTime.TotalMilliseconds / Math.Max(1, accepted) * 1000:F0} | {refused} | {result.Failures - refused} |");
        Console.WriteLine($"- drained {drainTime.Elapsed.TotalMilliseconds:F0} ms after the run; load average at the end: {Machine.LoadAverage()}");
    }

    /// <summary>
    /// One new article at a time: its first pageview, then /related polled until it answers from the article
    /// itself; the time the publisher served the page splits the wait into queueing and fetching, then
    /// extracting, indexing and the index refresh.
    /// </summary>
    static async Task FirstViews(HttpClient client, string[] newUrls, ConcurrentDictionary<string, long> served)
    {
        var times = new List<(double Total, double Served)>();
        foreach (var url in newUrls)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await client.PostAsync("/events", new StringContent(
                JsonSerializer.Serialize(new { apikey = Site, action = "pageview", url, uuid = Guid.NewGuid().ToString() }), Encoding.UTF8, "text/plain"));
            response.EnsureSuccessStatusCode();
            while (!await IsRecommendable(client, url))
            {
                if (Stopwatch.GetElapsedTime(start) > TimeSpan.FromSeconds(60)) throw new TimeoutException($"{url} was not recommendable after 60 s");
                await Task.Delay(10);
            }
            var total = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            times.Add((total, Stopwatch.GetElapsedTime(start, served[new Uri(url).AbsolutePath]).TotalMilliseconds));
        }
        static double Median(IEnumerable<double> values) => values.Order().ElementAt(values.Count() / 2);
        Console.WriteLine($"- first view to recommendable, {times.Count} new articles one after another: first {times[0].Total:F0} ms (robots.txt fetched too), " +
                          $"p50 {Median(times.Select(t => t.Total)):F0} ms, max {times.Max(t => t.Total):F0} ms; of which until the publisher served the page: " +
                          $"p50 {Median(times.Select(t => t.Served)):F0} ms; all (total/served): {string.Join(", ", times.Select(t => $"{t.Total:F0}/{t.Served:F0}"))}");
    }

    /// <summary>Indexed and searchable: /related for the page answers with articles related to it, not the site's newest.</summary>
    static async Task<bool> IsRecommendable(HttpClient client, string url)
    {
        using var response = await client.GetAsync($"/related?apikey={Site}&limit=1&url={Uri.EscapeDataString(url)}");
        var answer = await response.Content.ReadAsStringAsync();
        return answer.Contains("\"reason\":\"related to", StringComparison.Ordinal);
    }

    static string Batch(string[] urls, int n, int size)
    {
        var events = new object[size];
        for (var i = 0; i < size; i++)
        {
            var visit = n * size + i;
            var url = urls[(visit / 7) % urls.Length];
            events[i] = visit % 7 == 0
                ? new { id = Guid.NewGuid().ToString(), apikey = Site, action = "pageview", url, uuid = $"reader-{visit / 7}", referrer = "https://www.google.com/" }
                : new { id = Guid.NewGuid().ToString(), apikey = Site, action = "heartbeat", url, uuid = $"reader-{visit / 7}", referrer = (string?)null, engaged_seconds = 10 };
        }
        return JsonSerializer.Serialize(size == 1 ? events[0] : events);
    }

    static bool Post(HttpClient client, string body, ref int refused)
    {
        using var response = client.Send(new HttpRequestMessage(HttpMethod.Post, "/events") { Content = new StringContent(body, Encoding.UTF8, "text/plain") });
        if (response.StatusCode == HttpStatusCode.ServiceUnavailable) Interlocked.Increment(ref refused);
        return response.StatusCode == HttpStatusCode.Accepted;
    }

    static async Task Drain(ChannelEventStream stream)
    {
        while (stream.Count > 0) await Task.Delay(5);
    }

    internal static void IndexArticles(string indexDirectory, IEnumerable<string> urls)
    {
        using var index = ArticleIndex.Open(indexDirectory);
        foreach (var (url, i) in urls.Select((u, i) => (u, i))) index.Upsert(ArticleAt(url, i));
        index.Commit();
    }

    static Article ArticleAt(string url, int i)
    {
        var topic = Topics[i % Topics.Length];
        var other = Topics[(i / Topics.Length) % Topics.Length];
        var text = string.Join("\n\n", Enumerable.Range(0, 6).Select(p =>
            $"The {topic} story number {i} continues in paragraph {p}, where residents near the {topic} and the {other} discuss plans, costs and the {topic} council's vote."));
        return new Article
        {
            Site = Site, Url = url, Title = $"{char.ToUpperInvariant(topic[0])}{topic[1..]} report {i}: what the {other} means",
            Section = topic, Tags = [topic, other], PubDate = DateTimeOffset.UtcNow.AddHours(-i % 100), Language = "en", Text = text,
        };
    }

    internal static string PublisherUrl(WebApplication publisher, int i) => $"{publisher.Urls.First()}/news/{i}";

    /// <summary>The publisher's site on loopback, serving every benchmark article as an HTML page.</summary>
    internal static async Task<WebApplication> StartPublisher(int articles, ConcurrentDictionary<string, long> served)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapGet("/news/{i:int}", (int i, HttpRequest request) =>
        {
            if (i < 0 || i >= articles) return Results.NotFound();
            served.TryAdd(request.Path, Stopwatch.GetTimestamp());
            var article = ArticleAt($"{request.Scheme}://{request.Host}/news/{i}", i);
            var body = string.Concat(article.Text.Split("\n\n").Select(p => $"<p>{WebUtility.HtmlEncode(p)}</p>"));
            return Results.Content($"""
                <!doctype html><html lang="en"><head><meta charset="utf-8"><title>{WebUtility.HtmlEncode(article.Title)}</title>
                <link rel="canonical" href="{article.Url}"><meta property="article:published_time" content="{article.PubDate:yyyy-MM-ddTHH:mm:ssZ}">
                <meta property="article:section" content="{article.Section}"></head>
                <body><article><h1>{WebUtility.HtmlEncode(article.Title)}</h1>{body}</article></body></html>
                """, "text/html; charset=utf-8");
        });
        await app.StartAsync();
        return app;
    }
}
