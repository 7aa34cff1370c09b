namespace Recommender.Server.Caching;

/// <summary>
/// Every call to Redis (profiles and the shared response cache) goes through this: each with a timeout, and after
/// <see cref="FailuresToOpen"/> failures in a row none at all for <see cref="RedisOptions.BreakMilliseconds"/>, then
/// one probe at a time until one succeeds. A hung Redis (frozen, or a network that drops packets) otherwise held
/// every personalised request for StackExchange.Redis's 5 s timeout; a dead one is refused by the connection at once.
/// Elapsed time is the machine's, not the server's <see cref="TimeProvider"/>: a timeout is about real waiting.
/// </summary>
public sealed class RedisCircuit(TimeSpan openFor)
{
    public const int FailuresToOpen = 3;

    int _failuresInARow;
    long _closedAfter;
    int _probing;

    /// <summary>Lets calls through again at once: the connection to Redis was lost and is back, so Redis answers.</summary>
    public void Close() => Volatile.Write(ref _failuresInARow, 0);

    /// <summary>
    /// Runs <paramref name="call"/> unless the circuit is open; throws <see cref="TimeoutException"/> when it takes longer
    /// than <paramref name="timeout"/> and <see cref="RedisCircuitOpenException"/> when it did not run. Exceptions that
    /// <paramref name="isOutage"/> names count as failures, as timeouts do; the caller's own cancellation does not.
    /// </summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> call, TimeSpan timeout, Func<Exception, bool> isOutage, CancellationToken ct)
    {
        var probe = false;
        if (Volatile.Read(ref _failuresInARow) >= FailuresToOpen)
        {
            if (Environment.TickCount64 < Interlocked.Read(ref _closedAfter) || Interlocked.CompareExchange(ref _probing, 1, 0) != 0)
                throw new RedisCircuitOpenException();
            probe = true;
        }
        try
        {
            var result = await call().WaitAsync(timeout, ct);
            Volatile.Write(ref _failuresInARow, 0);
            return result;
        }
        catch (Exception e) when (e is TimeoutException || (isOutage(e) && !ct.IsCancellationRequested))
        {
            if (Interlocked.Increment(ref _failuresInARow) >= FailuresToOpen)
                Interlocked.Exchange(ref _closedAfter, Environment.TickCount64 + (long)openFor.TotalMilliseconds);
            throw;
        }
        finally
        {
            if (probe) Volatile.Write(ref _probing, 0);
        }
    }
}

/// <summary>A Redis call not made because Redis failed or timed out just before.</summary>
public sealed class RedisCircuitOpenException() : Exception("Redis failed or timed out repeatedly; calls pause before the next try.");
