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
    public static LoadResult Run(int concurrency, TimeSpan duration, Func<int, bool> send, int requests = int.MaxValue)
    {
        var next = -1;
        var failures = 0;
        var latencies = new List<double>[concurrency];
        using var process = Process.GetCurrentProcess();
        var processorTime = process.TotalProcessorTime;
        var stopwatch = Stopwatch.StartNew();
        var threads = Enumerable.Range(0, concurrency).Select(t => new Thread(() =>
        {
            var mine = latencies[t] = [];
            int n;
            while (stopwatch.Elapsed < duration && (n = Interlocked.Increment(ref next)) < requests)
            {
                var started = Stopwatch.GetTimestamp();
                var ok = send(n);
                mine.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                if (!ok) Interlocked.Increment(ref failures);
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        threads.ForEach(t => t.Join());
        var elapsed = stopwatch.Elapsed;
        process.Refresh();
        processorTime = process.TotalProcessorTime - processorTime;
        var all = latencies.SelectMany(l => l).ToArray();
        Array.Sort(all);
        return new LoadResult(concurrency, all, elapsed, processorTime, failures);
    }
}
