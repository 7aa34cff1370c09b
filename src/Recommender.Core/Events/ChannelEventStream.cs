using System.Threading.Channels;

namespace Recommender.Core.Events;

/// <summary>
/// The embedded events stream: an in-process queue that holds at most <c>capacity</c> events. A batch
/// goes in whole or not at all, so a full queue turns a request away rather than half-accepting it.
/// </summary>
public sealed class ChannelEventStream : IEventStream
{
    readonly Channel<PageEvent> channel = Channel.CreateUnbounded<PageEvent>(new UnboundedChannelOptions { SingleReader = true });
    readonly int capacity;
    int queued;

    public ChannelEventStream(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        this.capacity = capacity;
    }

    /// <summary>Events published and not read yet.</summary>
    public int Count => Volatile.Read(ref queued);

    public ValueTask<bool> TryPublishAsync(IReadOnlyList<PageEvent> events, CancellationToken ct)
    {
        if (!TryReserve(events.Count)) return ValueTask.FromResult(false);
        foreach (var pageEvent in events) channel.Writer.TryWrite(pageEvent);
        return ValueTask.FromResult(true);
    }

    /// <summary>Waits for at least one event, then returns those queued, at most <paramref name="maxCount"/>.</summary>
    public async ValueTask<IReadOnlyList<PageEvent>> ReadBatchAsync(int maxCount, CancellationToken ct)
    {
        await channel.Reader.WaitToReadAsync(ct);
        var batch = new List<PageEvent>(Math.Min(maxCount, Count));
        while (batch.Count < maxCount && channel.Reader.TryRead(out var pageEvent)) batch.Add(pageEvent);
        Interlocked.Add(ref queued, -batch.Count);
        return batch;
    }

    bool TryReserve(int count)
    {
        while (true)
        {
            var current = Volatile.Read(ref queued);
            if (current + count > capacity) return false;
            if (Interlocked.CompareExchange(ref queued, current + count, current) == current) return true;
        }
    }
}
