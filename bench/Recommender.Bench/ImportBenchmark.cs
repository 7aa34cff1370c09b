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
    // Lines between two progress lines of a run: what an article costs as the index grows (1M lines give ten).
    const int ProgressLines = 100_000;

    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "JSONL articles, e.g. ../shared/data/bbc-news.jsonl" };
        file.AcceptExistingOnly();
        var runs = new Option<int>("--runs") { Description = "Timed runs after one warm-up.", DefaultValueFactory = _ => 5 };
        runs.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 1) result.AddError("--runs must be at least 1.");
        });
        var warmupLines = new Option<int>("--warmup-lines")
        {
            Description = "Lines of the file the untimed warm-up imports (default all; at 1M lines the first 20,000 do).",
            DefaultValueFactory = _ => int.MaxValue,
        };
        var command = new Command("import", "Articles per second imported from JSONL into a new index.") { file, runs, warmupLines };
        command.SetAction(result => Run(result.GetValue(file)!, result.GetValue(runs), result.GetValue(warmupLines)));
        return command;
    }

    static void Run(FileInfo file, int runs, int warmupLines)
    {
        // Read as it is imported, as `recommender import` reads it: a 1M-line file is 2.3 GB of UTF-8, twice that in strings.
        var lines = File.ReadLines(file.FullName);
        Console.WriteLine($"machine: {Machine.Describe()}; load: {Machine.LoadAverage()}");
        Console.WriteLine($"file: {file.Name}, {file.Length / 1024.0 / 1024:F1} MiB");

        ImportOnce(lines.Take(warmupLines), progress: false);
        var rates = new List<double>();
        for (var run = 1; run <= runs; run++)
        {
            // What the process allocated and paused for its GC during the run: unlike its time, allocation does not depend
            // on what else the machine runs, so it compares two builds on a shared machine.
            var (allocated, paused, collections) = (GC.GetTotalAllocatedBytes(precise: true), GC.GetTotalPauseDuration(), GC.CollectionCount(0));
            var cpu = Process.GetCurrentProcess().TotalProcessorTime;
            var (count, elapsed) = ImportOnce(lines, progress: true);
            cpu = Process.GetCurrentProcess().TotalProcessorTime - cpu;
            rates.Add(count / elapsed.TotalSeconds);
            Console.WriteLine($"run {run}: {count} articles in {elapsed.TotalMilliseconds:F0} ms = {rates[^1]:F0} articles/s, " +
                $"{cpu.TotalMilliseconds / count:F3} CPU ms and {(GC.GetTotalAllocatedBytes(precise: true) - allocated) / (double)count / 1024:F1} KiB allocated per article, " +
                $"GC paused {(GC.GetTotalPauseDuration() - paused).TotalMilliseconds:F0} ms in {GC.CollectionCount(0) - collections} collections; " +
                $"load: {Machine.LoadAverage()}");
        }
        rates.Sort();
        Console.WriteLine($"median {rates[rates.Count / 2]:F0} articles/s, best {rates[^1]:F0}, worst {rates[0]:F0}");
    }

    static (int Count, TimeSpan Elapsed) ImportOnce(IEnumerable<string> lines, bool progress)
    {
        var directory = Directory.CreateTempSubdirectory("recommender-bench-import-");
        try
        {
            var stopwatch = Stopwatch.StartNew();
            int count;
            using (var index = ArticleIndex.Open(directory.FullName, ArticleImporter.ForImport(new ArticleIndexOptions())))
            {
                var report = new ArticleImporter(index).ImportJsonl("bench.example", lines, progress ? Progress(index, stopwatch) : null);
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

    /// <summary>
    /// A line every <see cref="ProgressLines"/> lines: their rate and CPU, and the index's segments. Lines are counted as
    /// the importer prepares them, a batch ahead of its writing, so an interval's rate is the writing's once it runs steady.
    /// </summary>
    static Action Progress(ArticleIndex index, Stopwatch stopwatch)
    {
        var (lines, lastElapsed, lastCpu) = (0, TimeSpan.Zero, Process.GetCurrentProcess().TotalProcessorTime);
        return () =>
        {
            if (++lines % ProgressLines != 0) return;
            var (elapsed, cpu) = (stopwatch.Elapsed, Process.GetCurrentProcess().TotalProcessorTime);
            Console.WriteLine($"  {lines,9} lines: {ProgressLines / (elapsed - lastElapsed).TotalSeconds:F0} lines/s, " +
                $"{(cpu - lastCpu).TotalMilliseconds / ProgressLines:F3} CPU ms a line over the last {ProgressLines}; " +
                $"{index.SegmentCount} segments; {Environment.WorkingSet / 1048576} MiB resident; load {Machine.LoadAverage()}");
            (lastElapsed, lastCpu) = (elapsed, cpu);
        };
    }
}
