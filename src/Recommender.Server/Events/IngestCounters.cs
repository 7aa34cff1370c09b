using System.Collections.Concurrent;

namespace Recommender.Server.Events;

/// <summary>What <c>POST /events</c> did since the server started: accepted, refused while the stream was full, rejected by reason.</summary>
public sealed class IngestCounters
{
    readonly ConcurrentDictionary<string, long> rejected = new();
    long accepted;
    long refused;

    public void Count(IngestResult result, bool published)
    {
        if (published) Interlocked.Add(ref accepted, result.Accepted.Count);
        else Interlocked.Add(ref refused, result.Accepted.Count);
        foreach (var (reason, count) in result.Rejected) rejected.AddOrUpdate(reason, count, (_, total) => total + count);
    }

    public void Reject(string reason) => rejected.AddOrUpdate(reason, 1, (_, total) => total + 1);

    /// <param name="backlog">The embedded stream's events not processed yet; null with Kafka, which keeps its own.</param>
    public IngestStats Snapshot(long? backlog) =>
        new(Interlocked.Read(ref accepted), Interlocked.Read(ref refused), new SortedDictionary<string, long>(rejected), backlog);
}

public sealed record IngestStats(long Accepted, long Refused, IReadOnlyDictionary<string, long> Rejected, long? Backlog);
