using System.Diagnostics;

namespace Recommender.Bench;

/// <summary>
/// What a closed-loop load run measured: every request's latency, the rate over the run, and the CPU time the
/// whole process (server and client) spent per request, which other processes on a shared machine do not inflate.
/// </summary>
public sealed record LoadResult(int Concurrency, double[] SortedLatenciesMs, TimeSpan Elapsed, TimeSpan ProcessorTime, int Failures)
{
    public int Requests => SortedLatenciesMs.Length;
    public double PerSecond => Requests / Elapsed.TotalSeconds;
    public double CpuMsPerRequest => ProcessorTime.TotalMilliseconds / Requests;
    public double Percentile(double p) => SortedLatenciesMs.Length == 0 ? double.NaN
        : SortedLatenciesMs[Math.Min(SortedLatenciesMs.Length - 1, (int)Math.Ceiling(p / 100 * SortedLatenciesMs.Length) - 1)];
    public double Max => SortedLatenciesMs.Length == 0 ? double.NaN : SortedLatenciesMs[^1];
}

public static class LoadRun
{
    /// <summary>
    /// <paramref name="concurrency"/> threads each send one request after another for <paramref name="duration"/>
    /// or until <paramref name="requests"/> were sent; request number n (counted across threads) is <c>send(n)</c>,
    /// which says whether it succeeded.
    /// </summary>
    public static LoadResult Run(int concurrency, TimeSpan duration, Func<int, bool> send, int requests = int.MaxValue) =>
        Measure(concurrency, duration, requests, (take, record) =>
        {
            var threads = Enumerable.Range(0, concurrency).Select(t => new Thread(() =>
            {
                while (take() is { } n)
                {
                    var started = Stopwatch.GetTimestamp();
                    record(t, started, send(n));
                }
            })).ToList();
            threads.ForEach(t => t.Start());
            threads.ForEach(t => t.Join());
            return Task.CompletedTask;
        }).GetAwaiter().GetResult();

    /// <summary>
    /// As <see cref="Run"/>, with <paramref name="concurrency"/> asynchronous workers rather than threads: request
    /// number n sent by worker w is <c>send(w, n)</c>, so that each worker can keep a connection of its own.
    /// </summary>
    public static Task<LoadResult> RunAsync(int concurrency, TimeSpan duration, Func<int, int, ValueTask<bool>> send, int requests = int.MaxValue) =>
        Measure(concurrency, duration, requests, (take, record) => Task.WhenAll(Enumerable.Range(0, concurrency).Select(w => Task.Run(async () =>
        {
            while (take() is { } n)
            {
                var started = Stopwatch.GetTimestamp();
                record(w, started, await send(w, n));
            }
        }))));

    /// <summary>Workers take request numbers until the time or the requests are up, and record each request they sent.</summary>
    delegate Task Workers(Func<int?> take, Action<int, long, bool> record);

    static async Task<LoadResult> Measure(int concurrency, TimeSpan duration, int requests, Workers workers)
    {
        var next = -1;
        var failures = 0;
        var latencies = Enumerable.Range(0, concurrency).Select(_ => new List<double>()).ToArray();
        using var process = Process.GetCurrentProcess();
        var processorTime = process.TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        await workers(
            take: () => stopwatch.Elapsed < duration && Interlocked.Increment(ref next) is var n && n < requests ? n : null,
            record: (worker, started, ok) =>
            {
                latencies[worker].Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!ok) Interlocked.Increment(ref failures);
            });
        var elapsed = stopwatch.Elapsed;
        process.Refresh();
        processorTime = process.TotalProcessorTime - processorTime;
        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new LoadResult(concurrency, all, elapsed, processorTime, failures);
    }
}
