using Confluent.Kafka;
using Recommender.Core.Events;

namespace Recommender.Server.Streaming.Kafka;

/// <summary>
/// The events stream on Kafka: each event goes to the events topic keyed by its URL, so that one page's
/// events stay in order on one partition. An event is taken once it is in the producer's buffer, as the
/// embedded queue takes it in memory; the producer then retries until the brokers acknowledge it.
/// </summary>
public sealed class KafkaEventStream : IEventStream, IDisposable
{
    readonly IProducer<string, byte[]> producer;
    readonly string topic;
    readonly ILogger logger;

    public KafkaEventStream(KafkaOptions options, ILogger<KafkaEventStream> logger)
    {
        producer = new ProducerBuilder<string, byte[]>(options.Producer()).Build();
        topic = options.EventsTopic;
        this.logger = logger;
    }

    /// <summary>
    /// False when the producer's buffer is full (the brokers are away or slow). Unlike the embedded queue,
    /// the events before the full buffer are already on their way; a client that sends the batch again sends
    /// them twice, which the consumers recognise by <see cref="PageEvent.Id"/>.
    /// </summary>
    public ValueTask<bool> TryPublishAsync(IReadOnlyList<PageEvent> events, CancellationToken ct)
    {
        try
        {
            foreach (var pageEvent in events)
            {
                var message = new Message<string, byte[]> { Key = pageEvent.Url, Value = PageEventJson.Serialize(pageEvent) };
                producer.Produce(topic, message, OnDelivered);
            }
            return ValueTask.FromResult(true);
        }
        catch (ProduceException<string, byte[]> e) when (e.Error.Code == ErrorCode.Local_QueueFull)
        {
            return ValueTask.FromResult(false);
        }
    }

    void OnDelivered(DeliveryReport<string, byte[]> report)
    {
        if (report.Error.IsError) logger.LogError("An event for {Url} was lost: {Reason}", report.Message.Key, report.Error.Reason);
    }

    /// <summary>Sends what the buffer still holds, waiting a few seconds at most.</summary>
    public void Dispose()
    {
        producer.Flush(TimeSpan.FromSeconds(10));
        producer.Dispose();
    }
}
