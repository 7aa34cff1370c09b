using Confluent.Kafka;

namespace Recommender.Server.Streaming.Kafka;

/// <summary>A hosted service that reads one topic in one consumer group through <see cref="KafkaBatchConsumer"/>.</summary>
public abstract class TopicConsumer(KafkaOptions options, string topic, string groupId, ILogger logger) : BackgroundService
{
    /// <summary>Does the work of one batch; its offsets are committed once this returns.</summary>
    public abstract Task HandleAsync(IReadOnlyList<ConsumeResult<string, byte[]>> batch, CancellationToken ct);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        new KafkaBatchConsumer(options, topic, groupId, logger).RunAsync(HandleAsync, stoppingToken);
}
