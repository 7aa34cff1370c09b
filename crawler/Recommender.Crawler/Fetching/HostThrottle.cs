using System.Collections.Concurrent;

namespace Recommender.Crawler.Fetching;

/// <summary>
/// Lets one request at a time go to a host, each sent at least the interval after the previous
/// one was answered, so the host sees them spaced however late a sender runs; different hosts
/// proceed in parallel.
/// </summary>
sealed class HostThrottle(TimeSpan interval, TimeProvider time)
{
    readonly ConcurrentDictionary<string, Turn> turns = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Waits for the host's turn; disposing the result, once the answer is in, ends it.</summary>
    public async Task<IDisposable?> WaitTurnAsync(string host, CancellationToken ct)
    {
        if (interval <= TimeSpan.Zero) return null;
        var turn = turns.GetOrAdd(host, _ => new Turn(time));
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

    sealed class Turn(TimeProvider time) : IDisposable
    {
        long? lastAnswer;

        public SemaphoreSlim Gate { get; } = new(1, 1);

        public TimeSpan WaitLeft(TimeSpan interval) => lastAnswer is { } at ? interval - time.GetElapsedTime(at) : TimeSpan.Zero;

        public void Dispose()
        {
            lastAnswer = time.GetTimestamp();
            Gate.Release();
        }
    }
}
