using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace Recommender.Server.Events;

/// <summary>What <c>POST /events</c> did since the server started: accepted, refused while the stream was full, rejected by reason.</summary>
public sealed class IngestCounters
{
    public const string MeterName = "Recommender.Events";

    static readonly Meter Meter = new(MeterName);
    static readonly Counter<long> AcceptedCounter = Meter.CreateCounter<long>("recommender.events.accepted", "{event}", "Events accepted onto the events stream");
    static readonly Counter<long> RefusedCounter = Meter.CreateCounter<long>("recommender.events.refused", "{event}", "Valid events turned away while the stream was full (503)");
    static readonly Counter<long> RejectedCounter = Meter.CreateCounter<long>("recommender.events.rejected", "{event}", "Events rejected, by reason");

    // Keyed by the ingest's reason codes, a fixed set: never by anything a client sends.
    readonly ConcurrentDictionary<string, long> rejected = new();
    long accepted;
    long refused;

    public void Count(IngestResult result, bool published)
    {
        if (published)
        {
            Interlocked.Add(ref accepted, result.Accepted.Count);
            AcceptedCounter.Add(result.Accepted.Count);
        }
        else
        {
            Interlocked.Add(ref refused, result.Accepted.Count);
            RefusedCounter.Add(result.Accepted.Count);
        }
        foreach (var (reason, count) in result.Rejected) Reject(reason, count);
    }

    public void Reject(string reason, int count = 1)
    {
        rejected.AddOrUpdate(reason, count, (_, total) => total + count);
        RejectedCounter.Add(count, new KeyValuePair<string, object?>("reason", reason));
    }

    /// <param name="backlog">The embedded stream's events not processed yet; null with Kafka, which keeps its own.</param>
    public IngestStats Snapshot(long? backlog) =>
        new(Interlocked.Read(ref accepted), Interlocked.Read(ref refused), new SortedDictionary<string, long>(rejected), backlog);
}

public sealed record IngestStats(long Accepted, long Refused, IReadOnlyDictionary<string, long> Rejected, long? Backlog);
