namespace Recommender.Core.Events;

/// <summary>
/// A consumer of the events stream (engagement signals, crawl on first view, auto-training). The same
/// events may come again after a restart or a redelivery; processing them twice must count them once
/// (recognise them by <see cref="PageEvent.Id"/>).
/// </summary>
public interface IEventProcessor
{
    Task ProcessAsync(IReadOnlyList<PageEvent> events, CancellationToken ct);
}
