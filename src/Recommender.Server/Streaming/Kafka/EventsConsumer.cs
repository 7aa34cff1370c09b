using System.Text.Json;
using Confluent.Kafka;
using Recommender.Core.Events;
using Recommender.Server.Events;

namespace Recommender.Server.Streaming.Kafka;

/// <summary>
/// Reads the events topic in one consumer group and hands each batch to the processors of
/// <see cref="EventDispatcher"/>: a server node reads in a group of its own (so that every node counts
/// every event and answers alike), the crawler process in the crawler group.
/// </summary>
public sealed class EventsConsumer(KafkaOptions options, string groupId, EventDispatcher dispatcher, ILogger<EventsConsumer> logger)
    : TopicConsumer(options, options.EventsTopic, groupId, logger)
{
    public override Task HandleAsync(IReadOnlyList<ConsumeResult<string, byte[]>> batch, CancellationToken ct)
    {
        var events = new List<PageEvent>(batch.Count);
        foreach (var record in batch)
        {
            try
            {
                events.Add(PageEventJson.Deserialize(record.Message.Value));
            }
            catch (JsonException e)
            {
                // Not written by a server of ours: skipped, or it would stop the partition for good.
                logger.LogWarning("Skipping a malformed event at {Offset}: {Reason}", record.TopicPartitionOffset, e.Message);
            }
        }
        return events.Count == 0 ? Task.CompletedTask : dispatcher.DispatchAsync(events, ct);
    }
}
