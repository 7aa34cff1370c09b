using System.CommandLine;
using System.Diagnostics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Core.Digests;
using Recommender.Core.Indexing;
using Recommender.Core.Profiles;
using Recommender.Core.Recommendations;
using Recommender.Server;
using Recommender.Server.Digests;
using Recommender.Server.Requests;
using Recommender.Server.Sites;

namespace Recommender.Bench;

/// <summary>
/// Newsletter digests for every reader of a synthetic catalogue, page by page as <c>recommender digest</c> and
/// <c>POST /admin/digests</c> make them, in the server's own composition (its profile store and sent-digest memory in the
/// data folder): readers per second and CPU per reader, for a first run and for a second one that must avoid what the
/// first sent.
/// </summary>
public static class DigestBenchmark
{
    const string Site = SyntheticCatalogue.Site;

    /// <summary>The first run's readers counted as its start (a whole page or more): the rest of a longer run is also
    /// shown apart.</summary>
    const int FixedCostReaders = 5_000;

    static readonly Stopwatch Clock = Stopwatch.StartNew();

    /// <summary>The process's CPU, the JIT's time and the GC's pauses at one moment.</summary>
    readonly record struct Counters(TimeSpan Elapsed, TimeSpan Cpu, TimeSpan Jit, TimeSpan Paused)
    {
        public static Counters Now()
        {
            using var process = Process.GetCurrentProcess();
            return new(Clock.Elapsed, process.TotalProcessorTime, System.Runtime.JitInfo.GetCompilationTime(), GC.GetTotalPauseDuration());
        }
    }

    public static Command Create()
    {
        var size = new Option<int>("--size") { Description = "Catalogue size.", DefaultValueFactory = _ => 100_000 };
        var work = new Option<string>("--work") { Description = "Where catalogues are built and kept for the next run.", DefaultValueFactory = _ => Path.Combine(AppContext.BaseDirectory, "work") };
        var bbc = new Option<string>("--bbc") { Description = "The BBC News set the catalogues are made from.", DefaultValueFactory = _ => "../shared/data/bbc-news.jsonl" };
        var readers = new Option<int>("--readers") { Description = "Simulated readers, all active in the last week.", DefaultValueFactory = _ => 5_000 };
        var limit = new Option<int>("--limit") { Description = "Articles per digest.", DefaultValueFactory = _ => 10 };
        var reads = new Option<ReadChoice>("--reads") { Description = "How readers pick what they read: Uniform (the worst case for caches) or Popular (as skewed as MIND's histories).", DefaultValueFactory = _ => ReadChoice.Uniform };
        var command = new Command("digest", "Newsletter digests per second for every reader active in the window, two runs in a row.")
        {
            size, work, bbc, readers, limit, reads,
        };
        command.SetAction(result => Run(result.GetValue(size), result.GetValue(work)!, result.GetValue(bbc)!, result.GetValue(readers), result.GetValue(limit), result.GetValue(reads)));
        return command;
    }

    static async Task<int> Run(int size, string work, string bbc, int readerCount, int limit, ReadChoice reads)
    {
        if (!File.Exists(bbc))
        {
            Console.Error.WriteLine($"The BBC News set is not at {Path.GetFullPath(bbc)}: the catalogues are made from it (--bbc FILE).");
            return 1;
        }
        Console.WriteLine($"machine: {Machine.Describe()}");
        var dataDirectory = SyntheticCatalogue.Ensure(work, size, bbc);
        var data = new DataFolder(dataDirectory);
        // Histories are relative to now and the first run must find nothing sent: both start afresh.
        foreach (var folder in new[] { data.Profiles, data.Digests })
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);

        await using var app = RecommenderApp.Build(new ServerSettings("http://127.0.0.1:0", dataDirectory),
            [$"--Sites:{Site}:AllowedHosts:0={Site}", "--Logging:LogLevel:Default=Warning"]);
        var index = app.Services.GetRequiredService<ArticleIndex>();
        var store = app.Services.GetRequiredService<IProfileStore>();
        var digests = app.Services.GetRequiredService<DigestBuilder>();
        var catalogue = index.WithSearcher(searcher => RelatedBenchmark.CatalogueOf(searcher.IndexReader));
        var training = Stopwatch.StartNew();
        await ReaderHistories.TrainAsync(store, Site, catalogue, readerCount, DateTimeOffset.UtcNow, reads);
        Console.WriteLine($"{size}: {readerCount} readers ({reads} reads) trained in {training.Elapsed.TotalSeconds:F1} s; load: {Machine.LoadAverage()}");

        // The site's own list request, as the admin call and the command build it.
        var errors = new RequestErrors();
        var request = new DigestRequest { Apikey = Site, Limit = limit.ToString(System.Globalization.CultureInfo.InvariantCulture) };
        var recommendation = request.ToRecommendationRequest(Site, app.Services.GetRequiredService<SiteDirectory>().Find(Site)!, errors);
        if (errors.Any) throw new InvalidOperationException(errors.ToString());

        Console.WriteLine();
        Console.WriteLine($"### Digests, {size:N0} articles, {readerCount:N0} readers, {limit} items each");
        Console.WriteLine();
        // The JIT's time and the GC's pauses are printed apart: a fresh process's first run pays both, a server that has
        // answered for a while pays neither, and only the rest is the cold readers' own cost.
        Console.WriteLine("| run | readers | digests | items | seconds | readers/s | CPU ms/reader | JIT ms | GC pause ms |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var run in new[] { "first run", "second run (avoids what the first sent)" })
        {
            var start = Counters.Now();
            // Where the first run passes its first FixedCostReaders readers: the rest of it, apart, is what each further
            // reader costs once the JIT has compiled the path and the busiest seeds are kept; the whole run's row stays.
            Counters? pastFirst = null;
            int readers = 0, written = 0, items = 0, readersPastFirst = 0, digestsPastFirst = 0, itemsPastFirst = 0;
            ActiveReader? after = null;
            do
            {
                var page = await digests.PageAsync(DateTimeOffset.UtcNow.AddDays(-7), after, ProfileArguments.MaxReadersPage, recommendation, CancellationToken.None);
                var pageItems = page.Digests.Sum(d => d.Items.Count);
                readers += page.Readers;
                written += page.Digests.Count;
                items += pageItems;
                after = page.Last;
                if (pastFirst is not null)
                {
                    readersPastFirst += page.Readers;
                    digestsPastFirst += page.Digests.Count;
                    itemsPastFirst += pageItems;
                }
                else if (readers >= FixedCostReaders && readers < readerCount) pastFirst = Counters.Now();
            }
            while (after is not null);
            var end = Counters.Now();
            Row(run, readers, written, items, start, end);
            if (pastFirst is { } from && run == "first run")
                Row($"first run, past its first {readers - readersPastFirst:N0} readers", readersPastFirst, digestsPastFirst, itemsPastFirst, from, end);
        }

        static void Row(string run, int readers, int written, int items, Counters from, Counters to)
        {
            var seconds = (to.Elapsed - from.Elapsed).TotalSeconds;
            Console.WriteLine($"| {run} | {readers} | {written} | {items} | {seconds:F2} | {readers / seconds:F0} | " +
                              $"{(to.Cpu - from.Cpu).TotalMilliseconds / Math.Max(1, readers):F2} | " +
                              $"{(to.Jit - from.Jit).TotalMilliseconds:F0} | {(to.Paused - from.Paused).TotalMilliseconds:F0} |");
        }

        // Where a digest's time goes: each part alone, one thread, over the first readers (at most FixedCostReaders, so
        // that a run of 50,000 readers does not spend minutes here).
        var uuids = new List<string>();
        for (ActiveReader? after = null; ;)
        {
            var page = await store.ActiveReadersAsync(Site, DateTimeOffset.UtcNow.AddDays(-7), after, ProfileArguments.MaxReadersPage, CancellationToken.None);
            uuids.AddRange(page.Select(r => r.Uuid));
            if (page.Count < ProfileArguments.MaxReadersPage || uuids.Count >= FixedCostReaders) break;
            after = page[^1];
        }
        var histories = new List<IReadOnlyList<ProfileEntry>>();
        var sent = app.Services.GetRequiredService<SentDigests>();
        var related = app.Services.GetRequiredService<RelatedArticles>();
        Console.WriteLine();
        Console.WriteLine("| part, one thread | readers | seconds | CPU ms/reader |");
        Console.WriteLine("|---|---:|---:|---:|");
        await Part("profile store: the reader's history", async () => { foreach (var uuid in uuids) histories.Add(await store.GetAsync(Site, uuid, int.MaxValue, CancellationToken.None)); });
        await Part("sent-digest memory: what the reader was sent", () => { foreach (var uuid in uuids) sent.Of(Site, uuid); return Task.CompletedTask; });
        await Part("interests: the profile query, the site's request", () => { foreach (var history in histories) related.ForReader(history, recommendation); return Task.CompletedTask; });
        await Part("interests: the profile query, lexical (semantic 0)", () => { foreach (var history in histories) related.ForReader(history, recommendation with { SemanticWeight = 0 }); return Task.CompletedTask; });

        async Task Part(string name, Func<Task> work)
        {
            using var process = Process.GetCurrentProcess();
            var cpuBefore = process.TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            await work();
            process.Refresh();
            Console.WriteLine($"| {name} | {uuids.Count} | {clock.Elapsed.TotalSeconds:F2} | {(process.TotalProcessorTime - cpuBefore).TotalMilliseconds / Math.Max(1, uuids.Count):F2} |");
        }

        Console.WriteLine();
        Console.WriteLine($"load after the runs: {Machine.LoadAverage()}");
        return 0;
    }
}
