using System.CommandLine;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Core.Engagement;
using Recommender.Core.Events;
using Recommender.Server;
using Recommender.Server.RateLimiting;

namespace Recommender.Bench;

/// <summary>
/// Events through the consumers of the embedded default while <c>/related</c> reads the engagement signals: events are
/// published straight into the in-process stream (what <c>POST /events</c> does once it has parsed them), so the rate
/// is the consumers' (engagement signals, crawl on first view, auto-training); <c>/related</c> is contextual with the
/// views boost, so every candidate reads its page's signals. Then checks that every event was counted once, a
/// redelivered batch too.
/// </summary>
public static class EngagementLoadBenchmark
{
    const string Site = "bench";
    const string Host = "bench.example";
    /// <summary>A reader's visit as the tag reports it: one pageview, then six heartbeats of 10 s.</summary>
    const int EventsPerVisit = 7;

    sealed record Settings(int Articles, int Rate, int Concurrency, TimeSpan Duration, int Backlog);

    public static Command Create()
    {
        var articles = new Option<int>("--articles") { Description = "Indexed articles the events and /related are about.", DefaultValueFactory = _ => 10_000 };
        var rate = new Option<int>("--rate") { Description = "Events per second published while /related runs.", DefaultValueFactory = _ => 20_000 };
        var concurrency = new Option<int>("--concurrency") { Description = "/related requests in flight.", DefaultValueFactory = _ => 4 };
        var seconds = new Option<int>("--seconds") { Description = "Duration of each timed run.", DefaultValueFactory = _ => 15 };
        var backlog = new Option<int>("--backlog") { Description = "Events published at once to time the consumers flat out.", DefaultValueFactory = _ => 300_000 };
        var command = new Command("engagement-load", "Events/s through the embedded consumers, and /related throughput quiet and under that load.")
        {
            articles, rate, concurrency, seconds, backlog,
        };
        command.SetAction(async result =>
        {
            Console.WriteLine($"machine: {Machine.Describe()}; load average at the start: {Machine.LoadAverage()}");
            return await Run(new Settings(result.GetValue(articles), result.GetValue(rate), result.GetValue(concurrency),
                TimeSpan.FromSeconds(result.GetValue(seconds)), result.GetValue(backlog)));
        });
        return command;
    }

    static async Task<int> Run(Settings settings)
    {
        var data = Directory.CreateTempSubdirectory("recommender-engagement-bench-");
        try
        {
            var urls = Enumerable.Range(0, settings.Articles).Select(i => $"https://{Host}/news/{i}").ToArray();
            EventsBenchmark.IndexArticles(new DataFolder(data.FullName).Index, urls);
            await using var app = RecommenderApp.Build(new ServerSettings("http://127.0.0.1:0", data.FullName),
            [
                $"--Sites:{Site}:AllowedHosts:0={Host}", $"--Sites:{Site}:Defaults:CacheSeconds=0", "--Logging:LogLevel:Default=Warning",
                // The stream holds the whole flat-out backlog, so that publishing it is not refused.
                $"--Events:Capacity={Math.Max(100_000, settings.Backlog)}",
                // Without this, all but the default burst of /related requests were 429s (50 reads/s a client).
                .. RateLimits.Lifted,
            ]);
            await app.StartAsync();
            var stream = app.Services.GetRequiredService<ChannelEventStream>();
            var signals = app.Services.GetRequiredService<EngagementSignals>();
            var events = new EventSource(urls);

            // Flat out: a backlog published at once, timed until the consumers counted all of it.
            var flatOut = Stopwatch.StartNew();
            var cpuBefore = CpuTime();
            for (var published = 0; published < settings.Backlog; published += 1_000)
            {
                if (!await stream.TryPublishAsync(events.Next(1_000), CancellationToken.None)) throw new InvalidOperationException("The stream refused the backlog.");
            }
            await Counted(stream, signals, events, TimeSpan.FromMinutes(5));
            Console.WriteLine();
            Console.WriteLine($"### {settings.Articles:N0} indexed articles; /related contextual with `boost=views`, {settings.Concurrency} in flight, uncached");
            Console.WriteLine();
            Console.WriteLine($"- flat out: {settings.Backlog:N0} events published at once, all counted after {flatOut.Elapsed.TotalSeconds:F1} s: " +
                              $"{settings.Backlog / flatOut.Elapsed.TotalSeconds:F0} events/s, {(CpuTime() - cpuBefore).TotalMilliseconds / settings.Backlog * 1000:F0} CPU ms per 1,000 events");

            var server = new Uri(app.Urls.First());
            var connections = Enumerable.Range(0, settings.Concurrency).Select(_ => new HttpLoadConnection(server)).ToArray();
            var random = new Random(7);
            var requests = Enumerable.Range(0, 5_000)
                .Select(_ => HttpLoadConnection.Get(server, $"/related?apikey={Site}&limit=10&boost=views&url={Uri.EscapeDataString(urls[random.Next(urls.Length)])}"))
                .ToArray();
            Func<int, int, ValueTask<bool>> related = async (connection, n) => (await connections[connection].SendAsync(requests[n % requests.Length])).Ok;

            await LoadRun.RunAsync(settings.Concurrency, TimeSpan.FromSeconds(3), related);
            var quiet = await LoadRun.RunAsync(settings.Concurrency, settings.Duration, related);

            using var stop = new CancellationTokenSource();
            var paced = Task.Run(() => PublishAtRate(stream, events, settings.Rate, stop.Token));
            var loaded = await LoadRun.RunAsync(settings.Concurrency, settings.Duration, related);
            await stop.CancelAsync();
            var (publishedUnderLoad, refused, publishTime) = await paced;
            var drain = Stopwatch.StartNew();
            await Counted(stream, signals, events, TimeSpan.FromMinutes(5));
            var drained = drain.Elapsed;
            foreach (var connection in connections) connection.Dispose();

            Console.WriteLine();
            Console.WriteLine("| run | requests | req/s | p50 ms | p99 ms | CPU ms/req | failed |");
            Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|");
            Console.WriteLine(Row("`/related`, quiet", quiet));
            Console.WriteLine(Row($"`/related`, {settings.Rate:N0} events/s offered", loaded));
            Console.WriteLine();
            Console.WriteLine($"- under load: {publishedUnderLoad:N0} events published in {publishTime.TotalSeconds:F1} s ({publishedUnderLoad / publishTime.TotalSeconds:F0}/s), " +
                              $"{refused:N0} refused by a full stream; all counted {drained.TotalMilliseconds:F0} ms after the run: " +
                              $"{publishedUnderLoad / (publishTime + drained).TotalSeconds:F0} events/s sustained");
            Console.WriteLine($"- `/related` under load ÷ quiet: requests/s {loaded.PerSecond / quiet.PerSecond:F2}, p99 {loaded.Percentile(99) / quiet.Percentile(99):F2}");

            // A redelivered batch (the same ids again) counts once.
            var redelivered = events.Replay();
            if (!await stream.TryPublishAsync(redelivered, CancellationToken.None)) throw new InvalidOperationException("The stream refused the redelivery.");
            var sentinel = events.Next(EventsPerVisit);
            if (!await stream.TryPublishAsync(sentinel, CancellationToken.None)) throw new InvalidOperationException("The stream refused the sentinel.");
            await Counted(stream, signals, events, TimeSpan.FromMinutes(1));
            var counted = ViewsCounted(signals, urls);
            Console.WriteLine($"- counted: {counted:N0} pageviews of {events.Pageviews:N0} published (a redelivered batch of 1,000 events and a sentinel visit after it): " +
                              (counted == events.Pageviews ? "none lost, none twice" : "MISMATCH"));
            Console.WriteLine($"- load average at the end: {Machine.LoadAverage()}");
            var failed = quiet.Failures + loaded.Failures;
            if (failed > 0) Console.WriteLine($"- FAILED: {failed:N0} `/related` requests were not answered 200, so the rates above are not /related's");
            await app.StopAsync();
            return counted == events.Pageviews && failed == 0 ? 0 : 1;
        }
        finally
        {
            data.Delete(recursive: true);
        }
    }

    static string Row(string name, LoadResult result) =>
        $"| {name} | {result.Requests} | {result.PerSecond:F0} | {result.Percentile(50):F2} | {result.Percentile(99):F2} | {result.CpuMsPerRequest:F2} | {result.Failures} |";

    /// <summary>Publishes <paramref name="rate"/> events a second in steps of 10 ms until stopped; a step the stream refuses is counted and dropped.</summary>
    static async Task<(long Published, long Refused, TimeSpan Elapsed)> PublishAtRate(ChannelEventStream stream, EventSource events, int rate, CancellationToken stop)
    {
        const int StepsPerSecond = 100;
        var perStep = rate / StepsPerSecond;
        var clock = Stopwatch.StartNew();
        long published = 0, refused = 0, steps = 0;
        while (!stop.IsCancellationRequested)
        {
            var wait = TimeSpan.FromSeconds((double)steps / StepsPerSecond) - clock.Elapsed;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, CancellationToken.None);
                continue;
            }
            var batch = events.Next(perStep);
            if (await stream.TryPublishAsync(batch, CancellationToken.None)) published += batch.Count;
            else
            {
                refused += batch.Count;
                events.Forget(batch);
            }
            steps++;
        }
        return (published, refused, clock.Elapsed);
    }

    /// <summary>Waits until the stream is empty and the signals count every pageview published.</summary>
    static async Task Counted(ChannelEventStream stream, EngagementSignals signals, EventSource events, TimeSpan patience)
    {
        var waited = Stopwatch.StartNew();
        // The queue empties first, cheaply watched; then the consumers finish their last batch.
        while (stream.Count > 0) await Task.Delay(5);
        while (ViewsCounted(signals, events.Urls) < events.Pageviews)
        {
            if (waited.Elapsed > patience) throw new TimeoutException($"{events.Pageviews - ViewsCounted(signals, events.Urls)} pageviews not counted after {patience}.");
            await Task.Delay(20);
        }
    }

    /// <summary>Raw views of every page in the last day, as <c>/engagement</c> reports them (every view, one reader's too).</summary>
    static long ViewsCounted(EngagementSignals signals, string[] urls) =>
        (long)Math.Round(urls.Sum(url => signals.Get(Site, url, EngagementWindow.LastDay).Views));

    /// <summary>Visits over the site's pages, each a new reader: one pageview, then heartbeats, each event with an id of its own.</summary>
    sealed class EventSource(string[] urls)
    {
        const int Kept = 1_000;
        readonly List<PageEvent> latest = [];
        long next;

        public string[] Urls => urls;
        public long Pageviews { get; private set; }

        public IReadOnlyList<PageEvent> Next(int count)
        {
            var now = DateTimeOffset.UtcNow;
            var batch = new List<PageEvent>(count);
            for (var i = 0; i < count; i++, next++)
            {
                var visit = next / EventsPerVisit;
                var url = urls[(int)(visit * 7919 % urls.Length)];
                var pageview = next % EventsPerVisit == 0;
                batch.Add(new PageEvent($"event-{next}", Site, pageview ? EventAction.Pageview : EventAction.Heartbeat, url,
                    pageview ? "https://www.google.com/" : null, $"reader-{visit}", now, pageview ? 0 : 10, null));
                if (pageview) Pageviews++;
            }
            latest.AddRange(batch);
            if (latest.Count > Kept) latest.RemoveRange(0, latest.Count - Kept);
            return batch;
        }

        /// <summary>Events the stream refused: not counted as published.</summary>
        public void Forget(IReadOnlyList<PageEvent> refused) => Pageviews -= refused.Count(e => e.Action == EventAction.Pageview);

        /// <summary>The latest 1,000 events made, again, as a redelivery of the last batch would bring them.</summary>
        public IReadOnlyList<PageEvent> Replay() => [.. latest];
    }

    static TimeSpan CpuTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
