using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Core.Indexing;
using Recommender.Server;
using Recommender.Server.RateLimiting;

namespace Recommender.Bench;

/// <summary>
/// Resident memory of the embedded default under a stream of new readers and pages: every reader is new (a distinct
/// uuid) and reads one page (a pageview and a heartbeat that auto-trains their profile, <c>POST /events</c> in batches),
/// the pages cycle through <c>--urls</c> distinct URLs, and <c>/related</c> is asked for each new reader (every tenth
/// request for a page instead), all over HTTP with the response cache on. Resident memory is sampled every few
/// seconds: what grows with readers or URLs without a bound shows as a curve that does not level off.
/// <para>
/// The pages are the catalogue's and, past its size, pages of a publisher on loopback that the index does not have:
/// their first view queues a crawl (one a second, as the crawler's politeness allows), as a tag on a site whose
/// archive was never imported would. The client's own memory is in the figure too (the process is one).
/// </para>
/// </summary>
public static class MemoryStreamBenchmark
{
    const string Site = SyntheticCatalogue.Site;
    const int EventsPerReader = 2;

    sealed record Settings(int Size, string Work, string Bbc, int Readers, int Urls, int Batch, int Concurrency, TimeSpan Sample, TimeSpan Limit);

    public static Command Create()
    {
        var size = new Option<int>("--size") { Description = "Catalogue size (the synthetic catalogue of the related bench).", DefaultValueFactory = _ => 100_000 };
        var work = new Option<string>("--work") { Description = "Where catalogues are built and kept for the next run.", DefaultValueFactory = _ => Path.Combine(AppContext.BaseDirectory, "work") };
        var bbc = new Option<string>("--bbc") { Description = "The BBC News set the catalogue is made from.", DefaultValueFactory = _ => "../shared/data/bbc-news.jsonl" };
        var readers = new Option<int>("--readers") { Description = "Distinct readers (uuids) streamed through events.", DefaultValueFactory = _ => 1_000_000 };
        var urls = new Option<int>("--urls") { Description = "Distinct pages the events and /related name (at most the catalogue).", DefaultValueFactory = _ => 100_000 };
        var batch = new Option<int>("--batch") { Description = "Events per POST /events (the server takes 100 at most).", DefaultValueFactory = _ => 100 };
        var concurrency = new Option<int>("--concurrency") { Description = "/related requests in flight.", DefaultValueFactory = _ => 2 };
        var sample = new Option<int>("--sample-seconds") { Description = "Seconds between samples of resident memory.", DefaultValueFactory = _ => 10 };
        var minutes = new Option<int>("--minutes") { Description = "Stop after this long even if not every reader was streamed.", DefaultValueFactory = _ => 20 };
        var command = new Command("memory-stream", "Resident memory under a stream of distinct readers and pages, through events and /related over HTTP.")
        {
            size, work, bbc, readers, urls, batch, concurrency, sample, minutes,
        };
        command.SetAction(result => Run(new Settings(result.GetValue(size), result.GetValue(work)!, result.GetValue(bbc)!, result.GetValue(readers),
            result.GetValue(urls), result.GetValue(batch), result.GetValue(concurrency), TimeSpan.FromSeconds(result.GetValue(sample)),
            TimeSpan.FromMinutes(result.GetValue(minutes)))));
        return command;
    }

    static async Task<int> Run(Settings settings)
    {
        Console.WriteLine($"machine: {Machine.Describe()}; load average at the start: {Machine.LoadAverage()}");
        var dataDirectory = SyntheticCatalogue.Ensure(settings.Work, settings.Size, settings.Bbc);
        var data = new DataFolder(dataDirectory);
        // What earlier runs left (profiles, engagement) would start this one with memory to load.
        foreach (var left in Directory.EnumerateDirectories(dataDirectory).Where(d => Path.GetFullPath(d) != Path.GetFullPath(data.Index)))
            Directory.Delete(left, recursive: true);

        var served = new ConcurrentDictionary<string, long>();
        await using var publisher = await EventsBenchmark.StartPublisher(settings.Urls, served);
        await using var app = RecommenderApp.Build(new ServerSettings("http://127.0.0.1:0", dataDirectory),
        [
            .. RateLimits.Lifted,
            $"--Sites:{Site}:AllowedHosts:0={Site}", $"--Sites:{Site}:AllowedHosts:1=127.0.0.1", "--Crawler:AllowPrivateNetworks=true",
            $"--Sites:{Site}:AutoTrainAfterSeconds=10", "--Logging:LogLevel:Default=Warning",
            // No catalogue page is young enough to be crawled again: only the publisher's pages are crawled, on loopback.
            "--Crawler:RecrawlFor=00:00:00",
        ]);
        await app.StartAsync();
        var index = app.Services.GetRequiredService<ArticleIndex>();
        var catalogue = index.WithSearcher(searcher => RelatedBenchmark.CatalogueOf(searcher.IndexReader)).Take(settings.Urls).Select(a => a.Url).ToList();
        var urls = catalogue.Concat(Enumerable.Range(catalogue.Count, settings.Urls - catalogue.Count).Select(i => EventsBenchmark.PublisherUrl(publisher, i))).ToArray();
        var server = new Uri(app.Urls.First());
        Console.WriteLine($"{urls.Length:N0} distinct pages ({catalogue.Count:N0} indexed), {settings.Readers:N0} distinct readers; load: {Machine.LoadAverage()}");

        using var stop = new CancellationTokenSource(settings.Limit);
        long readersPosted = 0, refused = 0, related = 0, relatedFailed = 0;
        var clock = Stopwatch.StartNew();
        var events = Task.Run(async () =>
        {
            using var client = new HttpClient { BaseAddress = server };
            var perBatch = settings.Batch / EventsPerReader;
            for (var first = 0; first < settings.Readers && !stop.IsCancellationRequested; first += perBatch)
            {
                var body = Batch(urls, first, Math.Min(perBatch, settings.Readers - first));
                while (true)
                {
                    using var response = await client.PostAsync("/events", new StringContent(body, Encoding.UTF8, "text/plain"), CancellationToken.None);
                    if (response.StatusCode == HttpStatusCode.Accepted) break;
                    if (response.StatusCode != HttpStatusCode.ServiceUnavailable) throw new InvalidOperationException($"POST /events: {(int)response.StatusCode}");
                    // The stream is full: the consumers set the pace.
                    Interlocked.Increment(ref refused);
                    await Task.Delay(50, CancellationToken.None);
                }
                Interlocked.Exchange(ref readersPosted, first + perBatch);
            }
        });
        var requests = Task.WhenAll(Enumerable.Range(0, settings.Concurrency).Select(worker => Task.Run(async () =>
        {
            using var connection = new HttpLoadConnection(server);
            while (!stop.IsCancellationRequested && !events.IsCompleted)
            {
                var n = Interlocked.Increment(ref related);
                // A reader is asked for once their events are posted (most are trained by then); ahead of the events, wait.
                var reader = n % 10 == 0 ? -1 : n - n / 10;
                if (reader >= Interlocked.Read(ref readersPosted))
                {
                    Interlocked.Decrement(ref related);
                    await Task.Delay(20);
                    continue;
                }
                var path = reader < 0
                    ? $"/related?apikey={Site}&limit=10&url={Uri.EscapeDataString(urls[(int)(n * 7919 % urls.Length)])}"
                    : $"/related?apikey={Site}&limit=10&uuid=reader-{reader}";
                if (!(await connection.SendAsync(HttpLoadConnection.Get(server, path))).Ok) Interlocked.Increment(ref relatedFailed);
            }
        })));

        Console.WriteLine();
        Console.WriteLine("| s | readers through events | /related asked | resident MiB | GC heap MiB | load average |");
        Console.WriteLine("|---:|---:|---:|---:|---:|---|");
        var samples = new List<(double Seconds, long Readers, long Resident)>();
        using var process = Process.GetCurrentProcess();
        while (!events.IsCompleted)
        {
            await Task.WhenAny(events, Task.Delay(settings.Sample));
            process.Refresh();
            var sample = (clock.Elapsed.TotalSeconds, Math.Min(settings.Readers, Interlocked.Read(ref readersPosted)), process.WorkingSet64);
            samples.Add(sample);
            Console.WriteLine($"| {sample.Item1:F0} | {sample.Item2:N0} | {Interlocked.Read(ref related):N0} | {sample.Item3 / 1048576.0:F0} | " +
                              $"{GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0:F0} | {Machine.LoadAverage()} |");
        }
        await events;
        await requests;
        // The publisher's pages crawled during the run leave the catalogue as it was built, for the next run and the related bench.
        var publisherRoot = publisher.Urls.First();
        foreach (var path in served.Keys) index.Delete(Site, publisherRoot + path);
        index.Commit();
        await app.StopAsync();

        var half = samples.Where(s => s.Readers >= samples[^1].Readers / 2).ToList();
        Console.WriteLine();
        Console.WriteLine($"- {samples[^1].Readers:N0} readers through events in {clock.Elapsed.TotalSeconds:F0} s" +
                          (samples[^1].Readers < settings.Readers ? $" (stopped by --minutes {settings.Limit.TotalMinutes:F0})" : "") +
                          $", {refused:N0} batches refused by a full stream and sent again; {related:N0} `/related` requests, {relatedFailed:N0} failed; " +
                          $"{served.Count:N0} publisher pages crawled");
        Console.WriteLine($"- resident memory over the second half of the readers: {half.Min(s => s.Resident) / 1048576.0:F0}–{half.Max(s => s.Resident) / 1048576.0:F0} MiB; " +
                          $"peak {samples.Max(s => s.Resident) / 1048576.0:F0} MiB");
        Console.WriteLine($"- load average at the end: {Machine.LoadAverage()}");
        return relatedFailed == 0 ? 0 : 1;
    }

    /// <summary>Readers <paramref name="first"/> on, each a pageview and a heartbeat of 15 s on one page, each event with an id of its own.</summary>
    static string Batch(string[] urls, int first, int readers)
    {
        var events = new List<object>(readers * EventsPerReader);
        for (var reader = first; reader < first + readers; reader++)
        {
            var url = urls[(int)((long)reader * 7919 % urls.Length)];
            events.Add(new { id = $"pv-{reader}", apikey = Site, action = "pageview", url, uuid = $"reader-{reader}", referrer = "https://www.google.com/" });
            events.Add(new { id = $"hb-{reader}", apikey = Site, action = "heartbeat", url, uuid = $"reader-{reader}", engaged_seconds = 15 });
        }
        return JsonSerializer.Serialize(events);
    }
}
