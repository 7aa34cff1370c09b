using System.Text.Json.Serialization;

namespace Recommender.Core.Events;

/// <summary>What a reader did on a page, as the tag reports it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EventAction>))]
public enum EventAction
{
    [JsonStringEnumMemberName("pageview")] Pageview,
    [JsonStringEnumMemberName("heartbeat")] Heartbeat,

    /// <summary>The tag's related box was seen (at least half of it on screen), once per answer; counts for click-through only.</summary>
    [JsonStringEnumMemberName("impression")] Impression,
}
