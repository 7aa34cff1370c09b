using System.Collections.Concurrent;

namespace Recommender.Crawler.Fetching;

/// <summary>
/// Lets one request at a time go to a host, each sent at least the interval after the previous
/// one was answered, so the host sees them spaced however late a sender runs; different hosts
/// proceed in parallel. A host's robots.txt <c>Crawl-delay</c> lengthens its interval.
/// </summary>
sealed class HostThrottle(TimeSpan interval, TimeProvider time)
{
    readonly ConcurrentDictionary<string, Turn> turns = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// Spaces the requests to <paramref name="host"/> by <paramref name="delay"/> when that is longer than the interval.
    /// The robots.txt that asked for it has just been answered: that answer starts the first wait.
    /// </summary>
    public void SetCrawlDelay(string host, TimeSpan? delay)
    {
        var turn = TurnOf(host);
        turn.CrawlDelay = delay ?? TimeSpan.Zero;
        if (delay is not null) turn.Answered();
    }

    /// <summary>Waits for the host's turn; disposing the result, once the answer is in, ends it.</summary>
    public async Task<IDisposable?> WaitTurnAsync(string host, CancellationToken ct)
    {
        var turn = TurnOf(host);
        if (interval <= TimeSpan.Zero && turn.CrawlDelay <= TimeSpan.Zero) return null;
        await turn.Gate.WaitAsync(ct);
        try
        {
            // Timers may fire a little early; wait until the interval has really passed.
            for (var wait = turn.WaitLeft(interval); wait > TimeSpan.Zero; wait = turn.WaitLeft(interval))
            {
                await Task.Delay(wait, time, ct);
            }
            return turn;
        }
        catch
        {
            turn.Gate.Release();
            throw;
        }
    }

    Turn TurnOf(string host) => turns.GetOrAdd(host, _ => new Turn(time));

    sealed class Turn(TimeProvider time) : IDisposable
    {
        long? lastAnswer;

        public TimeSpan CrawlDelay { get; set; }

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public TimeSpan WaitLeft(TimeSpan interval) =>
            lastAnswer is { } at ? (interval > CrawlDelay ? interval : CrawlDelay) - time.GetElapsedTime(at) : TimeSpan.Zero;

        public void Answered() => lastAnswer = time.GetTimestamp();

        public void Dispose()
        {
            Answered();
            Gate.Release();
        }
    }
}
