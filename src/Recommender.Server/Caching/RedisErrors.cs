using System.Diagnostics.Metrics;

namespace Recommender.Server.Caching;

/// <summary>
/// Counts what failed because Redis was down or slow, and logs it once per <see cref="Interval"/> rather than once
/// per request: an outage under load would otherwise write thousands of identical lines a second.
/// </summary>
public sealed class RedisErrors(ILogger<RedisErrors> logger, TimeProvider clock)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    static readonly Meter Meter = new("Recommender.Redis");
    static readonly Counter<long> Counter = Meter.CreateCounter<long>("recommender.redis.errors", description: "Redis calls that failed or timed out");

    long _total;
    long _sinceReport;
    long _nextReportTicks;

    /// <summary>Every failure since the server started.</summary>
    public long Total => Interlocked.Read(ref _total);

    public void Record(string operation, Exception error)
    {
        Interlocked.Increment(ref _total);
        Interlocked.Increment(ref _sinceReport);
        Counter.Add(1);
        var now = clock.GetUtcNow().UtcTicks;
        var next = Interlocked.Read(ref _nextReportTicks);
        // Only the request that moves the next report time on writes the report.
        if (now < next || Interlocked.CompareExchange(ref _nextReportTicks, now + Interval.Ticks, next) != next) return;
        logger.LogWarning("Redis: {Count} failed calls since the last report ({Total} in all); the latest, during {Operation}: {Message}",
            Interlocked.Exchange(ref _sinceReport, 0), Total, operation, error.Message);
    }
}
