using System.CommandLine;
using System.Diagnostics;
using Recommender.Core.Importing;
using Recommender.Core.Indexing;

namespace Recommender.Bench;

/// <summary>
/// Import rate: JSONL articles into a fresh on-disk index, committed at the end, as `recommender import` does.
/// </summary>
public static class ImportBenchmark
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "JSONL articles, e.g. ../shared/data/bbc-news.jsonl" };
        file.AcceptExistingOnly();
        var runs = new Option<int>("--runs") { Description = "Timed runs after one warm-up.", DefaultValueFactory = _ => 5 };
        var command = new Command("import", "Articles per second imported from JSONL into a new index.") { file, runs };
        command.SetAction(result => Run(result.GetValue(file)!, result.GetValue(runs)));
        return command;
    }

    static void Run(FileInfo file, int runs)
    {
        var lines = File.ReadAllLines(file.FullName);
        Console.WriteLine($"machine: {Machine.Describe()}");
        Console.WriteLine($"file: {file.Name}, {lines.Length} lines, {file.Length / 1024.0 / 1024:F1} MiB");

        ImportOnce(lines);
        var rates = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            var (count, elapsed) = ImportOnce(lines);
            rates.Add(count / elapsed.TotalSeconds);
            Console.WriteLine($"run {run}: {count} articles in {elapsed.TotalMilliseconds:F0} ms = {rates[^1]:F0} articles/s");
        }
        rates.Sort();
        Console.WriteLine($"median {rates[rates.Count / 2]:F0} articles/s, best {rates[^1]:F0}, worst {rates[0]:F0}");
    }

    static (int Count, TimeSpan Elapsed) ImportOnce(string[] lines)
    {
        var directory = Directory.CreateTempSubdirectory("recommender-bench-import-");
        try
        {
            var stopwatch = Stopwatch.StartNew();
            int count;
            using (var index = ArticleIndex.Open(directory.FullName, ArticleImporter.ForImport(new ArticleIndexOptions())))
            {
                var report = new ArticleImporter(index).ImportJsonl("bench.example", lines);
                index.Commit();
                count = report.Added + report.Updated;
            }
            return (count, stopwatch.Elapsed);
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
