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
        runs.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1) result.AddError("--runs must be at least 1.");
        });
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
            // What the process allocated and paused for its GC during the run: unlike its time, allocation does not depend
            // on what else the machine runs, so it compares two builds on a shared machine.
            var (allocated, paused, collections) = (GC.GetTotalAllocatedBytes(precise: true), GC.GetTotalPauseDuration(), GC.CollectionCount(0));
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var (count, elapsed) = ImportOnce(lines);
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            rates.Add(count / elapsed.TotalSeconds);
            Console.WriteLine($"run {run}: {count} articles in {elapsed.TotalMilliseconds:F0} ms = {rates[^1]:F0} articles/s, " +
                $"{cpu.TotalMilliseconds / count:F3} CPU ms and {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)count / 1024:F1} KiB allocated per article, " +
                $"GC paused {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:F0} ms in {GC.CollectionCount(0) - collections} collections");
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
