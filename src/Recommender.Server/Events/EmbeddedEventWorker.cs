using Recommender.Core.Events;

namespace Recommender.Server.Events;

/// <summary>Drains the embedded events stream in batches into the processors, inside the server.</summary>
public sealed class EmbeddedEventWorker(ChannelEventStream stream, EventDispatcher dispatcher) : BackgroundService
{
    const int BatchSize = 1_000;

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
