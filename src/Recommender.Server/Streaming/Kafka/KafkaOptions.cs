using Confluent.Kafka;

namespace Recommender.Server.Streaming.Kafka;

/// <summary>
/// The scale-out settings, bound from the configuration section <c>Kafka</c>. Setting
/// <see cref="BootstrapServers"/> switches a server from the embedded queue to Kafka.
/// </summary>
public sealed class KafkaOptions
{
    public const string SectionName = "Kafka";

    /// <summary>The brokers, as <c>host:port</c> separated by commas; empty for the embedded default.</summary>
    public string BootstrapServers { get; set; } = "";

    /// <summary>
    /// Names this node: its consumer groups are <c>recommender-{NodeId}-events</c> and
    /// <c>recommender-{NodeId}-articles</c>, so every node reads every event and every article.
    /// </summary>
    public string NodeId { get; set; } = Environment.MachineName;

    /// <summary>Page events, keyed by URL.</summary>
    public string EventsTopic { get; set; } = "events";

    /// <summary>Crawled articles, keyed by site and canonical URL, for log compaction.</summary>
    public string ArticlesTopic { get; set; } = "articles";

    /// <summary>The crawler process's consumer group on the events topic.</summary>
    public string CrawlerGroup { get; set; } = "crawler";

    /// <summary>Records handled together before their offsets are committed.</summary>
    public int BatchSize { get; set; } = 1_000;

    /// <summary>How long a consumer that stopped answering keeps its partitions before the group hands them on.</summary>
    public int SessionTimeoutMs { get; set; } = 10_000;

    /// <summary>Wait before a consumer whose work failed starts again from the last committed offsets.</summary>
    public TimeSpan RetryAfter { get; set; } = TimeSpan.FromSeconds(5);

    public string EventsGroup => $"recommender-{NodeId}-events";
    public string ArticlesGroup => $"recommender-{NodeId}-articles";

    /// <summary>The <c>Kafka</c> section when it names brokers, else null (the embedded default).</summary>
    public static KafkaOptions? From(IConfiguration configuration) =>
        configuration.GetSection(SectionName).Get<KafkaOptions>() is { BootstrapServers.Length: > 0 } options ? options : null;

    /// <summary>
    /// Idempotent and acknowledged by all in-sync replicas: a retried send is written once, and an
    /// acknowledged event survives the loss of the leader.
    /// </summary>
    public ProducerConfig Producer() => new()
    {
        BootstrapServers = BootstrapServers,
        ClientId = NodeId,
        EnableIdempotence = true,
        Acks = Acks.All,
        LingerMs = 5,
    };

    /// <summary>Offsets are committed by hand, after the work is done, so that a crash re-delivers rather than loses.</summary>
    public ConsumerConfig Consumer(string groupId) => new()
    {
        BootstrapServers = BootstrapServers,
        ClientId = NodeId,
        GroupId = groupId,
        EnableAutoCommit = false,
        AutoOffsetReset = AutoOffsetReset.Earliest,
        SessionTimeoutMs = SessionTimeoutMs,
        HeartbeatIntervalMs = Math.Max(100, SessionTimeoutMs / 6),
        // Where the brokers allow it (the deploy creates the topics beforehand, compacted where it should).
        AllowAutoCreateTopics = true,
    };
}
