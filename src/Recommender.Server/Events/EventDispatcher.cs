using Recommender.Core.Events;

namespace Recommender.Server.Events;

/// <summary>
/// Hands a batch read from the events stream to every registered <see cref="IEventProcessor"/>. One
/// processor failing neither stops the others nor the stream: the failure is logged and the batch goes on.
/// </summary>
public sealed class EventDispatcher(IEnumerable<IEventProcessor> processors, ILogger<EventDispatcher> logger)
{
    public async Task DispatchAsync(IReadOnlyList<PageEvent> events, CancellationToken ct)
    {
        foreach (var processor in processors)
        {
            try
            {
                await processor.ProcessAsync(events, ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                logger.LogError(e, "{Processor} failed on a batch of {Count} events", processor.GetType().Name, events.Count);
            }
        }
    }
}
