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

    public IngestStats Snapshot() =>
        new(Interlocked.Read(ref accepted), Interlocked.Read(ref refused), new SortedDictionary<string, long>(rejected));
}

public sealed record IngestStats(long Accepted, long Refused, IReadOnlyDictionary<string, long> Rejected);
