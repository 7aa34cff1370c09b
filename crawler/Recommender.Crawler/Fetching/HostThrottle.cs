namespace Recommender.Crawler.Fetching;

/// <summary>
/// Spaces requests to one host by a fixed interval while different hosts proceed in parallel.
/// Each caller reserves the next free slot of its host, then waits for it.
/// </summary>
sealed class HostThrottle(TimeSpan interval, TimeProvider time)
{
    readonly Dictionary<string, long> nextSlot = new(StringComparer.OrdinalIgnoreCase);

    public async Task WaitAsync(string host, CancellationToken ct)
    {
        if (interval <= TimeSpan.Zero) return;
        long slot;
        lock (nextSlot)
        {
            var now = time.GetTimestamp();
            slot = Math.Max(now, nextSlot.GetValueOrDefault(host));
            nextSlot[host] = slot + (long)(interval.TotalSeconds * time.TimestampFrequency);
        }
        // Timers may fire a little early; wait until the slot has really come.
        for (var wait = time.GetElapsedTime(time.GetTimestamp(), slot); wait > TimeSpan.Zero;
             wait = time.GetElapsedTime(time.GetTimestamp(), slot))
        {
            await Task.Delay(wait, time, ct);
        }
    }
}
