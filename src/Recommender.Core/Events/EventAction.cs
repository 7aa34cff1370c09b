using System.Text.Json.Serialization;

namespace Recommender.Core.Events;

/// <summary>What a reader did on a page, as the tag reports it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<EventAction>))]
public enum EventAction
{
    [JsonStringEnumMemberName("pageview")] Pageview,
    [JsonStringEnumMemberName("heartbeat")] Heartbeat,
}
