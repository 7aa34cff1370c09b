using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Confluent.Kafka;
using Microsoft.Extensions.Logging.Abstractions;
using Recommender.Server.Streaming.Kafka;

namespace Recommender.Server.Tests.Streaming;

public sealed class KafkaConsumerLagTests
{
    [Fact]
    public async Task The_consumer_lag_counts_what_is_left_to_read_and_is_zero_once_all_is_read()
    {
        using var cluster = new KafkaMockCluster();
        var options = cluster.Options("lag");
        options.BatchSize = 10;
        const string topic = "lag-test";
        const int records = 200;
        using (var producer = new ProducerBuilder<string, byte[]>(options.Producer()).Build())
        {
            for (var i = 0; i < records; i++) producer.Produce(topic, new Message<string, byte[]> { Key = $"key-{i}", Value = [1] });
            producer.Flush(TimeSpan.FromSeconds(30));
        }
        var group = $"lag-{Guid.NewGuid():N}";
        var lags = new ConcurrentQueue<long>();
        using var listener = new MeterListener
        {
            InstrumentPublished = (instrument, meters) =>
            {
                if (instrument is { Name: "recommender.kafka.consumer_lag", Meter.Name: "Recommender.Kafka" }) meters.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((_, lag, tags, _) =>
        {
            foreach (var tag in tags) if (tag is { Key: "group", Value: string value } && value == group) lags.Enqueue(lag);
        });
        listener.Start();

        var read = 0;
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await new KafkaBatchConsumer(options, topic, group, NullLogger.Instance).RunAsync((batch, _) =>
        {
            // The lag of a batch is recorded once it is fetched, before it is handled.
            if ((read += batch.Count) == records) stop.Cancel();
            return Task.CompletedTask;
        }, stop.Token);

        Assert.Equal(records, read);
        // 200 records in batches of 10: while reading, records were left to read; after the last batch, none.
        Assert.True(lags.Count >= records / options.BatchSize, $"{lags.Count} lags recorded");
        Assert.True(lags.Max() > 0, "no lag recorded while records were left");
        Assert.Equal(0, lags.Last());
    }
}
