using Confluent.Kafka;
using Recommender.Core.Indexing;

namespace Recommender.Server.Streaming.Kafka;

/// <summary>
/// Reads the articles topic in a consumer group of this node and upserts every article into the node's own
/// index: each node keeps its own index, and a node with a new group rebuilds it by replaying the topic.
/// The index is committed to disk before the offsets, so a committed offset never points past an article
/// the node could lose in a crash; a batch re-delivered after a crash is upserted again, which leaves the
/// index as it was (upserts and aliases are idempotent).
/// </summary>
public sealed class ArticlesConsumer(KafkaOptions options, string groupId, ArticleIndex index, ILogger<ArticlesConsumer> logger)
    : TopicConsumer(options, options.ArticlesTopic, groupId, logger)
{
    public override Task HandleAsync(IReadOnlyList<ConsumeResult<string, byte[]>> batch, CancellationToken ct)
    {
        foreach (var record in batch)
        {
            // A tombstone (a key without a value) is how a compacted topic forgets an article.
            if (record.Message.Value is null && ArticleMessage.ParseKey(record.Message.Key) is { } removed) index.Delete(removed.Site, removed.Url);
            else if (ArticleMessage.Deserialize(record.Message.Value, out var error) is { } crawled) crawled.IndexInto(index);
            else logger.LogWarning("Skipping an invalid article at {Offset}: {Reason}", record.TopicPartitionOffset, error);
        }
        index.Commit();
        index.Refresh();
        return Task.CompletedTask;
    }
}
