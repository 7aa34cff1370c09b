using System.Diagnostics.Metrics;
using Confluent.Kafka;

namespace Recommender.Server.Streaming.Kafka;

/// <summary>
/// Reads one topic as a member of one consumer group, in batches, and commits a batch's offsets only after
/// <c>handle</c> has done its work: a crash (or a failed batch) before the commit re-delivers the batch to
/// whichever member of the group reads next, so handlers must be idempotent. A failed batch makes the
/// consumer leave the group and join again after <see cref="KafkaOptions.RetryAfter"/>, from the last commit.
/// </summary>
public sealed class KafkaBatchConsumer(KafkaOptions options, string topic, string groupId, ILogger logger)
{
    static readonly Meter Meter = new("Recommender.Kafka");
    static readonly Gauge<long> Lag = Meter.CreateGauge<long>("recommender.kafka.consumer_lag", "{record}",
        "Records of the topic's partitions assigned to this consumer not yet read (high watermark - position), as of its last batch");

    public delegate Task BatchHandler(IReadOnlyList<ConsumeResult<string, byte[]>> batch, CancellationToken ct);

    /// <summary>Consumes until <paramref name="ct"/> is cancelled.</summary>
    public async Task RunAsync(BatchHandler handle, CancellationToken ct)
    {
        // Consume blocks its thread; keep it off the caller's (a host starting its services).
        await Task.Yield();
        try
        {
            while (true)
            {
                try
                {
                    await ConsumeAsync(handle, ct);
                }
                catch (Exception e) when (!ct.IsCancellationRequested)
                {
                    logger.LogError(e, "Consuming {Topic} in group {Group} failed; starting again from the last commit in {Delay}",
                        topic, groupId, options.RetryAfter);
                    await Task.Delay(options.RetryAfter, ct);
                }
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
    }

    async Task ConsumeAsync(BatchHandler handle, CancellationToken ct)
    {
        using var consumer = new ConsumerBuilder<string, byte[]>(options.Consumer(groupId))
            .SetErrorHandler((_, error) => logger.LogWarning("Kafka consumer of {Topic}: {Reason}", topic, error.Reason))
            .Build();
        consumer.Subscribe(topic);
        try
        {
            while (true)
            {
                var batch = NextBatch(consumer, ct);
                RecordLag(consumer);
                await handle(batch, ct);
                Commit(consumer, batch);
            }
        }
        finally
        {
            // Leaving the group at once hands the partitions on without waiting for the session to time out.
            consumer.Close();
        }
    }

    /// <summary>Waits for one record, then takes those already fetched, up to the batch size.</summary>
    List<ConsumeResult<string, byte[]>> NextBatch(IConsumer<string, byte[]> consumer, CancellationToken ct)
    {
        var batch = new List<ConsumeResult<string, byte[]>> { ConsumeFirst(consumer, ct) };
        while (batch.Count < options.BatchSize && consumer.Consume(TimeSpan.Zero) is { } next) batch.Add(next);
        return batch;
    }

    ConsumeResult<string, byte[]> ConsumeFirst(IConsumer<string, byte[]> consumer, CancellationToken ct)
    {
        while (true)
        {
            try
            {
                return consumer.Consume(ct);
            }
            catch (ConsumeException e) when (!e.Error.IsFatal)
            {
                // The topic is not created yet, or a broker is away: the consumer keeps its place and tries on.
                logger.LogWarning("Kafka consumer of {Topic}: {Reason}", topic, e.Error.Reason);
            }
        }
    }

    /// <summary>
    /// From the watermarks the consumer last fetched (no call to a broker), so it costs nothing per batch; a partition
    /// not read from yet has no position and is left out.
    /// </summary>
    void RecordLag(IConsumer<string, byte[]> consumer)
    {
        long lag = 0;
        foreach (var partition in consumer.Assignment)
        {
            var high = consumer.GetWatermarkOffsets(partition).High;
            var position = consumer.Position(partition);
            if (high != Offset.Unset && position != Offset.Unset) lag += Math.Max(0, high.Value - position.Value);
        }
        Lag.Record(lag, new KeyValuePair<string, object?>("topic", topic), new KeyValuePair<string, object?>("group", groupId));
    }

    void Commit(IConsumer<string, byte[]> consumer, List<ConsumeResult<string, byte[]>> batch)
    {
        var next = batch.GroupBy(record => record.TopicPartition)
            .Select(partition => new TopicPartitionOffset(partition.Key, partition.Max(record => record.Offset.Value) + 1));
        try
        {
            consumer.Commit(next);
        }
        catch (KafkaException e)
        {
            // The partitions moved to another member meanwhile (a rebalance): it reads the batch again.
            logger.LogWarning("Committing offsets of {Topic} in group {Group} failed: {Reason}", topic, groupId, e.Error.Reason);
        }
    }
}
