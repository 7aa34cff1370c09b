using System.CommandLine;
using System.Diagnostics;
using Microsoft.Extensions.Logging.Abstractions;
using Recommender.Core.Events;
using Recommender.Server.Events;
using Recommender.Server.Streaming.Kafka;
using Recommender.Server.Tests.Streaming;

namespace Recommender.Bench;

/// <summary>
/// Events per second through Kafka on librdkafka's mock cluster: the server's producer (KafkaEventStream,
/// idempotent, acks=all) publishes batches as <c>POST /events</c> does, and the server's consumer
/// (KafkaBatchConsumer reading in a group, decoding each event, committing after each batch) reads them.
/// </summary>
public static class KafkaEventsBenchmark
{
    public static Command Create()
    {
        var events = new Option<int>("--events") { Description = "Events per run.", DefaultValueFactory = _ => 200_000 };
        var batch = new Option<int>("--batch") { Description = "Events per publish, as one POST /events carries them.", DefaultValueFactory = _ => 20 };
        var runs = new Option<int>("--runs") { Description = "Timed runs, each on a new topic.", DefaultValueFactory = _ => 3 };
        var command = new Command("kafka-events", "Events per second from the Kafka producer to a consumer group, on the mock cluster.") { events, batch, runs };
        command.SetAction((result, cancel) => RunAsync(result.GetValue(events), result.GetValue(batch), result.GetValue(runs), cancel));
        return command;
    }

    static async Task RunAsync(int count, int batchSize, int runs, CancellationToken cancel)
    {
        Console.WriteLine($"machine: {Machine.Describe()}");
        Console.WriteLine($"events: {count} per run, published {batchSize} at a time; librdkafka mock cluster, 1 broker");
        using var cluster = new KafkaMockCluster();
        for (var run = 1; run <= runs; run++)
        {
            var options = cluster.Options($"bench-{run}");
            options.EventsTopic = $"events-{run}";
            var (published, consumed) = await RunOnceAsync(options, count, batchSize, cancel);
            Console.WriteLine($"run {run}: published {count / published.TotalSeconds:F0} events/s ({published.TotalMilliseconds:F0} ms to acknowledged), " +
                              $"consumed {count / consumed.TotalSeconds:F0} events/s end to end ({consumed.TotalMilliseconds:F0} ms)");
        }
    }

    static async Task<(TimeSpan Published, TimeSpan Consumed)> RunOnceAsync(KafkaOptions options, int count, int batchSize, CancellationToken cancel)
    {
        var counter = new CountingProcessor();
        var dispatcher = new EventDispatcher([counter], NullLogger<EventDispatcher>.Instance);
        var consumer = new EventsConsumer(options, options.EventsGroup, dispatcher, NullLogger<EventsConsumer>.Instance);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancel);
        var consuming = consumer.StartAsync(stop.Token);
        var stopwatch = new Stopwatch();
        // Disposing the producer waits for the brokers to acknowledge what it still holds.
        using (var stream = new KafkaEventStream(options, NullLogger<KafkaEventStream>.Instance))
        {
            // One event first, so the timing starts once the consumer has joined its group.
            await PublishAsync(stream, [.. Events(1, "warm-up")], cancel);
            await counter.WhenAtLeastAsync(1, cancel);
            stopwatch.Start();
            foreach (var batch in Events(count, "event").Chunk(batchSize))
            {
                await PublishAsync(stream, batch, cancel);
            }
        }
        var published = stopwatch.Elapsed;
        await counter.WhenAtLeastAsync(count + 1, cancel);
        var consumed = stopwatch.Elapsed;
        await consumer.StopAsync(CancellationToken.None);
        return (published, consumed);
    }

    /// <summary>Publishes, waiting while the producer's buffer is full, as a tag retries after a 503.</summary>
    static async Task PublishAsync(IEventStream stream, IReadOnlyList<PageEvent> batch, CancellationToken cancel)
    {
        while (!await stream.TryPublishAsync(batch, cancel)) await Task.Delay(1, cancel);
    }

    static IEnumerable<PageEvent> Events(int count, string prefix)
    {
        var now = DateTimeOffset.UtcNow;
        return Enumerable.Range(0, count).Select(i => new PageEvent(
            $"{prefix}-{i}", "bench.example", i % 5 == 0 ? EventAction.Pageview : EventAction.Heartbeat,
            $"https://bench.example/article-{i % 1000}", "https://www.google.com/", $"reader-{i % 10_000}", now,
            i % 5 == 0 ? 0 : 10, "Mozilla/5.0 (X11; Linux x86_64)"));
    }

    sealed class CountingProcessor : IEventProcessor
    {
        long count;

        public Task ProcessAsync(IReadOnlyList<PageEvent> events, CancellationToken ct)
        {
            Interlocked.Add(ref count, events.Count);
            return Task.CompletedTask;
        }

        public async Task WhenAtLeastAsync(long wanted, CancellationToken ct)
        {
            while (Interlocked.Read(ref count) < wanted) await Task.Delay(5, ct);
        }
    }
}
