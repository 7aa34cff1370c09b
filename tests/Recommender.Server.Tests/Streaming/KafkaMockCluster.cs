using Confluent.Kafka;
using Recommender.Server.Streaming.Kafka;

namespace Recommender.Server.Tests.Streaming;

/// <summary>
/// librdkafka's mock cluster: a Kafka-protocol broker on a loopback port, opened by a client configured with
/// <c>test.mock.num.brokers</c> and alive as long as that client is. The product's own producers and
/// consumers connect to it by its address like to any broker. Topics are created when first used.
/// </summary>
public sealed class KafkaMockCluster : IDisposable
{
    readonly IProducer<Null, Null> owner;

    public KafkaMockCluster()
    {
        owner = new ProducerBuilder<Null, Null>(new ProducerConfig(new Dictionary<string, string> { ["test.mock.num.brokers"] = "1" }))
            .SetLogHandler((_, _) => { })
            .Build();
        using var admin = new DependentAdminClientBuilder(owner.Handle).Build();
        var brokers = admin.GetMetadata(TimeSpan.FromSeconds(10)).Brokers;
        BootstrapServers = string.Join(",", brokers.Select(broker => $"{broker.Host}:{broker.Port}"));
    }

    public string BootstrapServers { get; }

    /// <summary>
    /// Options of a node of this cluster. The mock takes a session of 3 s at least; a short one lets a group
    /// hand on the partitions of a member that went away within the test.
    /// </summary>
    public KafkaOptions Options(string nodeId) => new()
    {
        BootstrapServers = BootstrapServers,
        NodeId = nodeId,
        SessionTimeoutMs = 3_000,
        RetryAfter = TimeSpan.FromMilliseconds(200),
    };

    /// <summary>The same options as configuration arguments of a server or crawler process.</summary>
    public string[] Arguments(string nodeId) =>
    [
        $"--Kafka:BootstrapServers={BootstrapServers}",
        $"--Kafka:NodeId={nodeId}",
        "--Kafka:SessionTimeoutMs=3000",
        "--Kafka:RetryAfter=00:00:00.200",
    ];

    public void Dispose() => owner.Dispose();
}
