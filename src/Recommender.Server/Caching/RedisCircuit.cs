using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Recommender.Server.Caching;

/// <summary>
/// Every call to Redis (profiles and the shared response cache) goes through this: each with a timeout, and after
/// <see cref="FailuresToOpen"/> failures in a row none at all for <see cref="RedisOptions.BreakMilliseconds"/>, then
/// one probe at a time until one succeeds. A hung Redis (frozen, or a network that drops packets) otherwise held
/// every personalised request for StackExchange.Redis's 5 s timeout; a dead one is refused by the connection at once.
/// Elapsed time is the machine's, not the server's <see cref="TimeProvider"/>: a timeout is about real waiting.
/// <para>
/// The Redis calls of one request share one time to wait in vain, the first call's timeout: with Redis hung, a
/// personalised <c>/related</c> otherwise waited once for the profile's version and again for the shared response
/// cache (+170 ms for the first requests of an outage in the issue 12 re-run, against the 100 ms promised). Only calls
/// that fail or time out spend it: a Redis that answers each call within its timeout is worth the wait (the first
/// calls of a node just started took 50–100 ms each on a machine at load 25, and lost a reader's history when they
/// shared one budget). A call after the request has spent it is not made and throws <see cref="TimeoutException"/>; a
/// call cut short by what its request had left, rather than by its own timeout, does not count as a failure, as it did
/// not wait long enough to say Redis is hung.
/// </para>
/// </summary>
public sealed class RedisCircuit(TimeSpan openFor, IHttpContextAccessor requests)
{
    public const int FailuresToOpen = 3;

    static readonly Meter Meter = new("Recommender.Redis");
    static readonly Counter<long> TimedOut = Meter.CreateCounter<long>("recommender.redis.timeouts", "{call}",
        "Redis calls given up after waiting their timeout or the rest of their request's time for Redis");

    int _failuresInARow;
    long _closedAfter;
    int _probing;
    long _timeouts;

    /// <summary>Calls given up after waiting (their timeout, or the rest of their request's time) since the server started.</summary>
    public long Timeouts => Interlocked.Read(ref _timeouts);

    /// <summary>Lets calls through again at once: the connection to Redis was lost and is back, so Redis answers.</summary>
    public void Close() => Volatile.Write(ref _failuresInARow, 0);

    /// <summary>
    /// Runs <paramref name="call"/> unless the circuit is open; throws <see cref="TimeoutException"/> when it takes longer
    /// than <paramref name="timeout"/> or what its request has left to wait for Redis, and
    /// <see cref="RedisCircuitOpenException"/> when it did not run. Exceptions that <paramref name="isOutage"/> names count
    /// as failures, as timeouts do; the caller's own cancellation does not.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> call, TimeSpan timeout, Func<Exception, bool> isOutage, CancellationToken ct)
    {
        var request = RequestTime(timeout);
        var wait = request?.Left(timeout) ?? timeout;
        if (wait <= TimeSpan.Zero) throw new TimeoutException("This request has spent its time for Redis on earlier calls.");
        var probe = false;
        if (Volatile.Read(ref _failuresInARow) >= FailuresToOpen)
        {
            if (Environment.TickCount64 < Interlocked.Read(ref _closedAfter) || Interlocked.CompareExchange(ref _probing, 1, 0) != 0)
                throw new RedisCircuitOpenException();
            probe = true;
        }
        var started = Stopwatch.GetTimestamp();
        try
        {
            var result = await call().WaitAsync(wait, ct);
            Volatile.Write(ref _failuresInARow, 0);
            return result;
        }
        catch (Exception e) when (e is TimeoutException || (isOutage(e) && !ct.IsCancellationRequested))
        {
            if (e is TimeoutException)
            {
                Interlocked.Increment(ref _timeouts);
                TimedOut.Add(1);
            }
            // All it was given when it timed out: the timer may fire a little early (499.7 ms of 500 measured), and the
            // request must not make a second, tiny wait with what is left.
            request?.Spend(e is TimeoutException ? wait : Stopwatch.GetElapsedTime(started));
            var cutShort = e is TimeoutException && wait < timeout;
            if (!cutShort && Interlocked.Increment(ref _failuresInARow) >= FailuresToOpen)
                Interlocked.Exchange(ref _closedAfter, Environment.TickCount64 + (long)openFor.TotalMilliseconds);
            throw;
        }
        finally
        {
            if (probe) Volatile.Write(ref _probing, 0);
        }
    }

    /// <summary>
    /// The time the current request may still wait for Redis in vain, <paramref name="timeout"/> when this is its first call; null
    /// outside a request (event ingestion, commands), where each call has its own timeout.
    /// </summary>
    RequestRedisTime? RequestTime(TimeSpan timeout)
    {
        if (requests.HttpContext?.Features is not { } features) return null;
        if (features.Get<RequestRedisTime>() is { } time) return time;
        time = new RequestRedisTime(timeout);
        features.Set(time);
        return time;
    }

    /// <summary>What one request may still wait for Redis in vain, as a request feature.</summary>
    sealed class RequestRedisTime(TimeSpan budget)
    {
        long _spentTicks;

        public TimeSpan Left(TimeSpan timeout)
        {
            var left = budget - TimeSpan.FromTicks(Interlocked.Read(ref _spentTicks));
            return left < timeout ? left : timeout;
        }

        public void Spend(TimeSpan waited) => Interlocked.Add(ref _spentTicks, waited.Ticks);
    }
}

/// <summary>A Redis call not made because Redis failed or timed out just before.</summary>
public sealed class RedisCircuitOpenException() : Exception("Redis failed or timed out repeatedly; calls pause before the next try.");
