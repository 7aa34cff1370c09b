using Recommender.Core.Events;

namespace Recommender.Server.Events;

/// <summary>
/// Drains the embedded events stream in batches into the processors, inside the server. Its backlog shows in
/// <c>/events/stats</c> and as <c>recommender.events.backlog</c> (registered with the node's other gauges, NodeGauges).
/// </summary>
/// <remarks>
/// The backlog lives in memory only: a process killed while it is not empty loses it, and the batch being processed
/// (up to <see cref="BatchSize"/> events). At saturation that was 9–10 % of the events accepted in the run; at
/// 5,000 events/s, none. Writing every event to disk before the 202 would cost the hot path an fsync per request;
/// a site that cannot lose a view runs the Kafka stream instead.
/// </remarks>
public sealed class EmbeddedEventWorker(ChannelEventStream stream, EventDispatcher dispatcher) : BackgroundService
{
    public const int BatchSize = 1_000;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (true)
            {
                var batch = await stream.ReadBatchAsync(BatchSize, stoppingToken);
                await dispatcher.DispatchAsync(batch, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
