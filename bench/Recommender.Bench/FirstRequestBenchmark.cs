using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Recommender.Core.Indexing;
using Recommender.Core.Profiles;
using Recommender.Core.Recommendations;
using Recommender.Server;
using Recommender.Server.RateLimiting;

namespace Recommender.Bench;

/// <summary>
/// A reader's first request alone, the costliest personalised request (its seeds' terms are not kept yet): readers
/// trained as in the related benchmark, each asked for once, in rounds that alternate between HTTP (8 in flight, the
/// related benchmark's row) and in-process (one thread, no HTTP, JSON or profile store), each round with readers never
/// asked before. CPU ms per request carries over a shared machine; the rounds let two builds run side by side.
/// </summary>
public static class FirstRequestBenchmark
{
    const string Site = SyntheticCatalogue.Site;
    const int Limit = 10;

    public static Command Create()
    {
        var size = new Option<int>("--size") { Description = "Catalogue size.", DefaultValueFactory = _ => 100_000 };
        var work = new Option<string>("--work") { Description = "Where catalogues are built and kept for the next run.", DefaultValueFactory = _ => Path.Combine(AppContext.BaseDirectory, "work") };
        var bbc = new Option<string>("--bbc") { Description = "The BBC News set the catalogues are made from.", DefaultValueFactory = _ => "../shared/data/bbc-news.jsonl" };
        var readers = new Option<int>("--readers") { Description = "Readers asked for, in all (each once).", DefaultValueFactory = _ => 2_000 };
        var rounds = new Option<int>("--rounds") { Description = "Rounds of HTTP then in-process; the readers are split among them.", DefaultValueFactory = _ => 2 };
        var concurrency = new Option<int>("--concurrency") { Description = "Requests in flight over HTTP.", DefaultValueFactory = _ => 8 };
        var command = new Command("first-request", "A reader's first personalised request: CPU ms per request over HTTP and in-process.")
        {
            size, work, bbc, readers, rounds, concurrency,
        };
        command.SetAction(result => Run(result.GetValue(size), result.GetValue(work)!, result.GetValue(bbc)!, result.GetValue(readers),
            result.GetValue(rounds), result.GetValue(concurrency)));
        return command;
    }

    static async Task<int> Run(int size, string work, string bbc, int readerCount, int rounds, int concurrency)
    {
        Console.WriteLine($"machine: {Machine.Describe()}; load: {Machine.LoadAverage()}");
        var dataDirectory = SyntheticCatalogue.Ensure(work, size, bbc);
        var data = new DataFolder(dataDirectory);
        if (Directory.Exists(data.Profiles)) Directory.Delete(data.Profiles, recursive: true);

        await using var app = RecommenderApp.Build(new ServerSettings("http://127.0.0.1:0", dataDirectory),
            [$"--Sites:{Site}:AllowedHosts:0={Site}", $"--Sites:{Site}:Defaults:CacheSeconds=0", "--Logging:LogLevel:Default=Warning", .. RateLimits.Lifted]);
        await app.StartAsync();
        var index = app.Services.GetRequiredService<ArticleIndex>();
        var store = app.Services.GetRequiredService<IProfileStore>();
        var related = app.Services.GetRequiredService<RelatedArticles>();
        var catalogue = index.WithSearcher(searcher => RelatedBenchmark.CatalogueOf(searcher.IndexReader));
        var uuids = await ReaderHistories.TrainAsync(store, Site, catalogue, readerCount, DateTimeOffset.UtcNow);
        var histories = new Dictionary<string, IReadOnlyList<ProfileEntry>>();
        foreach (var uuid in uuids) histories[uuid] = await store.GetAsync(Site, uuid, int.MaxValue, CancellationToken.None);
        Console.WriteLine($"{size}: {readerCount} readers trained; load: {Machine.LoadAverage()}");

        var server = new Uri(app.Urls.First());
        var connections = Enumerable.Range(0, concurrency).Select(_ => new HttpLoadConnection(server)).ToArray();
        // A few requests of a reader left out of the rounds, so that the rounds measure a warm process with cold seeds.
        var request = new RecommendationRequest { Filter = new ArticleFilter { Site = Site }, Limit = Limit, SemanticWeight = SemanticWeights.Default };
        related.ForReader(histories[uuids[^1]], request);

        var perRound = (readerCount - 1) / (2 * rounds);
        var rows = new List<(string Name, LoadResult Result)>();
        for (var round = 0; round < rounds; round++)
        {
            var overHttp = uuids.Skip(2 * round * perRound).Take(perRound)
                .Select(uuid => HttpLoadConnection.Get(server, $"/related?apikey={Site}&limit={Limit}&uuid={uuid}")).ToArray();
            rows.Add(("first request (HTTP)", await LoadRun.RunAsync(concurrency, TimeSpan.MaxValue,
                async (connection, n) => (await connections[connection].SendAsync(overHttp[n])).Ok, overHttp.Length)));
            var inProcess = uuids.Skip((2 * round + 1) * perRound).Take(perRound).Select(uuid => histories[uuid]).ToArray();
            rows.Add(("first request, in-process (no HTTP)", LoadRun.Run(1, TimeSpan.MaxValue,
                n => related.ForReader(inProcess[n], request) is { Count: > 0 }, inProcess.Length)));
        }
        foreach (var connection in connections) connection.Dispose();
        await app.StopAsync();

        Console.WriteLine();
        Console.WriteLine("| run | in flight | requests | req/s | p50 ms | p99 ms | CPU ms/req | failed |");
        Console.WriteLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var (name, r) in rows)
        {
            Console.WriteLine($"| {name} | {r.Concurrency} | {r.Requests} | {r.PerSecond:F0} | {r.Percentile(50):F2} | {r.Percentile(99):F2} | " +
                              $"{r.CpuMsPerRequest:F2} | {r.Failures} |");
        }
        Console.WriteLine($"- load average at the end: {Machine.LoadAverage()}");
        return 0;
    }
}
