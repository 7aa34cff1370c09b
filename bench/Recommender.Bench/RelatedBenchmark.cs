using System.CommandLine;
using System.Diagnostics;
using Lucene.Net.Search;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Core.Evaluation;
using Recommender.Core.Indexing;
using Recommender.Core.Profiles;
using Recommender.Core.Recommendations;
using Recommender.Server;
using Recommender.Server.RateLimiting;

namespace Recommender.Bench;

/// <summary>
/// Load on <c>/related</c> of the real server, in-process on loopback, contextual (url) and personalised (uuid),
/// beside a brute-force baseline (cosine to every article) run in the same process on the same index and readers.
/// </summary>
public static class RelatedBenchmark
{
    const string Site = SyntheticCatalogue.Site;
    const int Limit = 10;

    sealed record Settings(int[] Sizes, string Work, string Bbc, int Readers, int Concurrency, TimeSpan Duration, TimeSpan Warmup, bool Baseline);

    public static Command Create()
    {
        var sizes = new Option<int[]>("--size") { Description = "Catalogue sizes (repeatable).", DefaultValueFactory = _ => [10_000, 100_000], AllowMultipleArgumentsPerToken = true };
        var work = new Option<string>("--work") { Description = "Where catalogues are built and kept for the next run.", DefaultValueFactory = _ => Path.Combine(AppContext.BaseDirectory, "work") };
        var bbc = new Option<string>("--bbc") { Description = "The BBC News set the catalogues are made from.", DefaultValueFactory = _ => "../shared/data/bbc-news.jsonl" };
        var readers = new Option<int>("--readers") { Description = "Simulated readers in the profile store.", DefaultValueFactory = _ => 1_000 };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight (client threads).", DefaultValueFactory = _ => 8 };
        var seconds = new Option<int>("--seconds") { Description = "Duration of each timed run.", DefaultValueFactory = _ => 20 };
        var warmup = new Option<int>("--warmup") { Description = "Seconds of untimed requests before each kind.", DefaultValueFactory = _ => 5 };
        var baseline = new Option<bool>("--baseline") { Description = "Run the brute-force baseline too (its vectors take minutes to build at 100k).", DefaultValueFactory = _ => true };
        var command = new Command("related", "/related latency and requests/s, contextual and personalised, against brute-force cosine.")
        {
            sizes, work, bbc, readers, concurrency, seconds, warmup, baseline,
        };
        command.SetAction(result => Run(new Settings(result.GetValue(sizes)!, result.GetValue(work)!, result.GetValue(bbc)!,
            result.GetValue(readers), result.GetValue(concurrency), TimeSpan.FromSeconds(result.GetValue(seconds)),
            TimeSpan.FromSeconds(result.GetValue(warmup)), result.GetValue(baseline))));
        return command;
    }

    static async Task<int> Run(Settings settings)
    {
        if (!File.Exists(settings.Bbc))
        {
            Console.Error.WriteLine($"The BBC News set is not at {Path.GetFullPath(settings.Bbc)}: the catalogues are made from it (--bbc FILE).");
            return 1;
        }
        Console.WriteLine($"machine: {Machine.Describe()}");
        foreach (var size in settings.Sizes) await RunSize(settings, size);
        return 0;
    }

    static async Task RunSize(Settings settings, int size)
    {
        var dataDirectory = SyntheticCatalogue.Ensure(settings.Work, size, settings.Bbc);
        var data = new DataFolder(dataDirectory);
        // Reader histories are relative to now, so they are made afresh each run.
        if (Directory.Exists(data.Profiles)) Directory.Delete(data.Profiles, recursive: true);

        await using var app = RecommenderApp.Build(new ServerSettings("http://127.0.0.1:0", dataDirectory),
            // Uncached, as the issue asks: the response cache would answer repeated readers from memory. Rate limits lifted:
            // the load comes from one client address, which the default 50 reads/s would answer with 429s.
            [$"--Sites:{Site}:AllowedHosts:0={Site}", $"--Sites:{Site}:Defaults:CacheSeconds=0", "--Logging:LogLevel:Default=Warning", .. RateLimits.Lifted]);
        await app.StartAsync();
        var index = app.Services.GetRequiredService<ArticleIndex>();
        var store = app.Services.GetRequiredService<IProfileStore>();
        var catalogue = index.WithSearcher(searcher => CatalogueOf(searcher.IndexReader));
        var trainingTime = Stopwatch.StartNew();
        var uuids = await ReaderHistories.TrainAsync(store, Site, catalogue, settings.Readers, DateTimeOffset.UtcNow);
        Console.WriteLine($"{size}: {settings.Readers} readers trained in {trainingTime.Elapsed.TotalSeconds:F1} s; load: {Machine.LoadAverage()}");

        var random = new Random(size);
        var pages = Enumerable.Range(0, 10_000).Select(_ => catalogue[random.Next(catalogue.Count)].Url).ToArray();
        var readers = Enumerable.Range(0, 10_000).Select(_ => uuids[random.Next(uuids.Length)]).ToArray();

        // The load generator shares the 2 cores with the server, so HTTP rows use the lean keep-alive client (as wrk
        // would); one row with HttpClient shows what a .NET caller's client adds.
        var server = new Uri(app.Urls.First());
        var connections = Enumerable.Range(0, settings.Concurrency)
            .Select(_ => new HttpLoadConnection(server)).ToArray();
        byte[][] Requests(IEnumerable<string> paths) => [.. paths.Select(path => HttpLoadConnection.Get(server, path))];
        var pageRequests = Requests(pages.Select(url => $"/related?apikey={Site}&limit={Limit}&url={Uri.EscapeDataString(url)}"));
        var readerRequests = Requests(readers.Select(uuid => $"/related?apikey={Site}&limit={Limit}&uuid={uuid}"));
        // The same requests with the semantic layer off (the site has it on, as English sites do by default): the lexical
        // answer, run beside the semantic one so that the two compare on the same machine load.
        var lexicalPageRequests = Requests(pages.Select(url => $"/related?apikey={Site}&limit={Limit}&semantic=0&url={Uri.EscapeDataString(url)}"));
        var lexicalReaderRequests = Requests(readers.Select(uuid => $"/related?apikey={Site}&limit={Limit}&semantic=0&uuid={uuid}"));
        var firstRequests = Requests(uuids.Select(uuid => $"/related?apikey={Site}&limit={Limit}&uuid={uuid}"));
        Func<int, int, ValueTask<bool>> Cycling(byte[][] requests) =>
            async (connection, n) => (await connections[connection].SendAsync(requests[n % requests.Length])).Ok;
        using var client = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = settings.Concurrency }) { BaseAddress = server };

        var rows = new Rows(size);
        // One untimed pass over every page first: the per-index caches warm on a seed's first request, and without it the
        // row timed first (lexical) met most pages cold and the semantic row after it met them warm (1.5–2.0× faster).
        await LoadRun.RunAsync(settings.Concurrency, TimeSpan.MaxValue, Cycling(pageRequests), pageRequests.Length);
        await LoadRun.RunAsync(settings.Concurrency, settings.Warmup, Cycling(pageRequests));
        await LoadRun.RunAsync(settings.Concurrency, settings.Warmup, Cycling(lexicalPageRequests));
        rows.Add(("contextual `/related?url=` (HTTP), lexical", await LoadRun.RunAsync(settings.Concurrency, settings.Duration, Cycling(lexicalPageRequests))));
        rows.Add(("contextual `/related?url=` (HTTP)", await LoadRun.RunAsync(settings.Concurrency, settings.Duration, Cycling(pageRequests))));
        // Each reader's first request, while the recommender's per-index caches are cold (as after every index refresh).
        rows.Add(("personalised, each reader's first request (HTTP)",
            await LoadRun.RunAsync(settings.Concurrency, TimeSpan.MaxValue, Cycling(firstRequests), firstRequests.Length)));
        rows.Add(("personalised `/related?uuid=` (HTTP), lexical", await LoadRun.RunAsync(settings.Concurrency, settings.Duration, Cycling(lexicalReaderRequests))));
        rows.Add(("personalised `/related?uuid=` (HTTP)", await LoadRun.RunAsync(settings.Concurrency, settings.Duration, Cycling(readerRequests))));
        rows.Add(("personalised `/related?uuid=` (HTTP), lexical", await LoadRun.RunAsync(1, settings.Duration, Cycling(lexicalReaderRequests))));
        rows.Add(("personalised `/related?uuid=` (HTTP)", await LoadRun.RunAsync(1, settings.Duration, Cycling(readerRequests))));
        rows.Add(("personalised `/related?uuid=` (HTTP, HttpClient)", LoadRun.Run(settings.Concurrency, settings.Duration,
            n => HttpClientLoad.Get(client, $"/related?apikey={Site}&limit={Limit}&uuid={readers[n % readers.Length]}").Ok)));
        rows.Add(("personalised `/related?uuid=` (HTTP), one article written a second", await WhilePublishing(index, catalogue,
            () => LoadRun.RunAsync(settings.Concurrency, settings.Duration, Cycling(readerRequests)))));
        foreach (var connection in connections) connection.Dispose();

        using var process = Process.GetCurrentProcess();
        var memory = $"working set {process.WorkingSet64 / 1048576.0:F0} MiB, GC heap {GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0:F0} MiB; " +
                     $"since the process started {GC.CollectionCount(0)} / {GC.CollectionCount(1)} / {GC.CollectionCount(2)} collections of " +
                     $"generation 0 / 1 / 2, {GC.GetTotalPauseDuration().TotalSeconds:F1} s paused in all";
        var indexBytes = new DirectoryInfo(data.Index).EnumerateFiles().Sum(f => f.Length);

        var histories = new Dictionary<string, IReadOnlyList<ProfileEntry>>();
        foreach (var uuid in uuids) histories[uuid] = await store.GetAsync(Site, uuid, int.MaxValue, CancellationToken.None);
        // The same answers without HTTP, JSON and the profile store: what the recommender itself costs.
        var related = app.Services.GetRequiredService<RelatedArticles>();
        var lexical = new RecommendationRequest { Filter = new ArticleFilter { Site = Site }, Limit = Limit };
        var request = lexical with { SemanticWeight = SemanticWeights.Default };
        Func<RecommendationRequest, Func<int, bool>> inProcess = asked => n => related.ForReader(histories[readers[n % readers.Length]], asked) is { Count: > 0 };
        var precision = SectionPrecision(catalogue, uuids.Select(uuid => histories[uuid]), history => related.ForReader(history, request));
        foreach (var inFlight in new[] { 1, settings.Concurrency })
        {
            rows.Add(("personalised, in-process (no HTTP), lexical", LoadRun.Run(inFlight, settings.Duration, inProcess(lexical))));
            rows.Add(("personalised, in-process (no HTTP)", LoadRun.Run(inFlight, settings.Duration, inProcess(request))));
        }
        var bruteNotes = !settings.Baseline ? "not run (--baseline false)" : index.WithSearcher(searcher =>
        {
            var buildTime = Stopwatch.StartNew();
            var brute = TfIdfCosineRecommender.Build(searcher.IndexReader.MaxDoc, TextOf(searcher.IndexReader));
            var docOf = histories.Values.SelectMany(h => h).Select(h => h.Url).Distinct().ToDictionary(url => url, url => DocOf(searcher, url));
            var notes = $"vectors of {brute.Documents} articles over {brute.Vocabulary} terms built in {buildTime.Elapsed.TotalSeconds:F1} s, {brute.Bytes / 1048576.0:F0} MiB; " +
                        $"{Environment.WorkingSet / 1048576} MiB resident after";
            Func<int, bool> bruteForce = n =>
            {
                var history = histories[readers[n % readers.Length]];
                var now = DateTimeOffset.UtcNow;
                var seeds = history.Take(20).Select(h => (docOf[h.Url], h.Weight * Math.Pow(2, -Math.Max(0, (now - h.Time).TotalHours) / 48))).ToList();
                return brute.Recommend(seeds, history.Select(h => docOf[h.Url]).ToHashSet(), Limit).Count > 0;
            };
            LoadRun.Run(settings.Concurrency, settings.Warmup, bruteForce);
            rows.Add(("brute-force cosine, personalised (in-process)", LoadRun.Run(1, settings.Duration, bruteForce)));
            rows.Add(("brute-force cosine, personalised (in-process)", LoadRun.Run(settings.Concurrency, settings.Duration, bruteForce)));
            return notes;
        });
        await app.StopAsync();

        PrintSummary(rows, $"index {indexBytes / 1048576.0:F0} MiB on disk ({catalogue.Count} articles); after the HTTP runs {memory}; " +
                          $"personalised answers in a section the reader read: {precision:P1}", bruteNotes);
    }

    /// <summary>
    /// Runs <paramref name="load"/> while the site publishes an article a second (a copy of a catalogue article under a
    /// new URL): each write makes the index refresh, and a refresh brings a new index reader, whose per-reader caches
    /// start empty. The articles are deleted afterwards, so the catalogue stays as it was built.
    /// </summary>
    static async Task<LoadResult> WhilePublishing(ArticleIndex index, List<(string Url, string Section)> catalogue, Func<Task<LoadResult>> load)
    {
        using var stop = new CancellationTokenSource();
        var written = new List<string>();
        var publishing = Task.Run(async () =>
        {
            var random = new Random(1);
            using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
            while (await timer.WaitForNextTickAsync(stop.Token))
            {
                var source = index.Get(Site, catalogue[random.Next(catalogue.Count)].Url)!;
                var url = $"https://{Site}/published/{written.Count}";
                index.Upsert(source with { Url = url, PubDate = DateTimeOffset.UtcNow });
                written.Add(url);
            }
        });
        var result = await load();
        await stop.CancelAsync();
        try { await publishing; } catch (OperationCanceledException) { }
        foreach (var url in written) index.Delete(Site, url);
        index.Refresh();
        Console.WriteLine($"{written.Count} articles written during the run, then deleted");
        return result;
    }

    /// <summary>
    /// The table of one size's rows, each printed as soon as it is measured: a run stopped late (at 1M the baseline
    /// alone takes many minutes) keeps every row it finished.
    /// </summary>
    sealed class Rows(int size)
    {
        readonly List<(string Name, LoadResult Result)> _measured = [];

        public IReadOnlyList<(string Name, LoadResult Result)> Measured => _measured;

        public void Add((string Name, LoadResult Result) row)
        {
            if (_measured.Count == 0)
            {
                Console.WriteLine();
                Console.WriteLine($"### {size:N0} articles");
                Console.WriteLine();
                Console.WriteLine("| run | in flight | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | CPU ms/req | failed |");
                Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            }
            _measured.Add(row);
            var (name, r) = row;
            Console.WriteLine($"| {name} | {r.Concurrency} | {r.Requests} | {r.PerSecond:F0} | {r.Percentile(50):F2} | {r.Percentile(90):F2} | " +
                              $"{r.Percentile(99):F2} | {r.Max:F1} | {r.CpuMsPerRequest:F2} | {r.Failures} |");
        }
    }

    /// <summary>What the rows (already printed) compare to one another, and the notes.</summary>
    static void PrintSummary(Rows table, string indexNotes, string bruteNotes)
    {
        var rows = table.Measured;
        var brute = rows.Where(r => r.Name.StartsWith("brute")).ToList();
        Console.WriteLine();
        foreach (var (name, semantic) in rows.Where(r => rows.Any(l => l.Name == r.Name + ", lexical")))
        {
            if (rows.FirstOrDefault(l => l.Name == name + ", lexical" && l.Result.Concurrency == semantic.Concurrency).Result is not { } l) continue;
            Console.WriteLine($"- {name}, {semantic.Concurrency} in flight, semantic ÷ lexical: requests/s {semantic.PerSecond / l.PerSecond:F2}, " +
                              $"p99 {semantic.Percentile(99) / l.Percentile(99):F2}, CPU per request {semantic.CpuMsPerRequest / l.CpuMsPerRequest:F2}");
        }
        foreach (var (name, o) in rows.Where(r => r.Name.StartsWith("personalised `") || r.Name.StartsWith("personalised, in-process")))
        {
            if (brute.FirstOrDefault(r => r.Result.Concurrency == o.Concurrency).Result is not { } b) continue;
            Console.WriteLine($"- {name}, {o.Concurrency} in flight, ours ÷ brute force: requests/s {o.PerSecond / b.PerSecond:F2}, " +
                              $"p50 {o.Percentile(50) / b.Percentile(50):F2}, p99 {o.Percentile(99) / b.Percentile(99):F2}, CPU per request {o.CpuMsPerRequest / b.CpuMsPerRequest:F2}");
        }
        Console.WriteLine($"- {indexNotes}");
        Console.WriteLine($"- brute force: {bruteNotes}");
        Console.WriteLine($"- load average at the end: {Machine.LoadAverage()}");
    }

    /// <summary>
    /// The share of answers (top 10 of every reader) in a section the reader has read: readers follow one or two
    /// sections, so this is how well the answers keep to their interests.
    /// </summary>
    static double SectionPrecision(List<(string Url, string Section)> catalogue, IEnumerable<IReadOnlyList<ProfileEntry>> histories,
        Func<IReadOnlyList<ProfileEntry>, IReadOnlyList<Recommendation>?> recommend)
    {
        var sectionOf = catalogue.ToDictionary(a => a.Url, a => a.Section);
        int answers = 0, inSection = 0;
        foreach (var history in histories)
        {
            var read = history.Select(h => sectionOf[h.Url]).ToHashSet();
            foreach (var answer in recommend(history) ?? [])
            {
                answers++;
                if (answer.Article.Section is { } section && read.Contains(section)) inSection++;
            }
        }
        return answers == 0 ? double.NaN : (double)inSection / answers;
    }

    internal static List<(string Url, string Section)> CatalogueOf(Lucene.Net.Index.IndexReader reader)
    {
        var fields = new HashSet<string> { ArticleFields.Url, ArticleFields.Section };
        var liveDocs = Lucene.Net.Index.MultiFields.GetLiveDocs(reader);
        var articles = new List<(string, string)>(reader.NumDocs);
        for (var doc = 0; doc < reader.MaxDoc; doc++)
        {
            if (liveDocs is not null && !liveDocs.Get(doc)) continue;
            var stored = reader.Document(doc, fields);
            articles.Add((stored.Get(ArticleFields.Url), stored.Get(ArticleFields.Section)));
        }
        return articles;
    }

    /// <summary>
    /// Title and body of a document, by document number (empty for a deleted one): the baseline's rows, read from the
    /// index each time they are asked for rather than held (1M of them are ~5 GB of strings).
    /// </summary>
    static Func<int, string> TextOf(Lucene.Net.Index.IndexReader reader)
    {
        var fields = new HashSet<string> { ArticleFields.Title, ArticleFields.Text };
        var liveDocs = Lucene.Net.Index.MultiFields.GetLiveDocs(reader);
        return doc =>
        {
            if (liveDocs is not null && !liveDocs.Get(doc)) return "";
            var stored = reader.Document(doc, fields);
            return stored.Get(ArticleFields.Title) + "\n" + stored.Get(ArticleFields.Text);
        };
    }

    static int DocOf(IndexSearcher searcher, string url) =>
        searcher.Search(new TermQuery(new Lucene.Net.Index.Term(ArticleFields.Id, ArticleFields.IdOf(Site, url))), 1).ScoreDocs[0].Doc;
}
