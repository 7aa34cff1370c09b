namespace Recommender.Core.Events;

/// <summary>Where accepted events go: an in-process channel on the embedded default, Kafka when scaled out.</summary>
public interface IEventStream
{
    /// <summary>
    /// Publishes all of <paramref name="events"/> or none: false when the stream cannot take them now
    /// (it is full), so that the caller answers "try again later" rather than growing without limit.
    /// </summary>
    ValueTask<bool> TryPublishAsync(IReadOnlyList<PageEvent> events, CancellationToken ct);
}
