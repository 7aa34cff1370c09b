using System.Text;
using Recommender.Core.Events;

namespace Recommender.Core.Tests.ClickThrough;

/// <summary>Impressions and clicks travel on the Kafka stream as every event does; events written before them still read.</summary>
public sealed class ImpressionEventJsonTests
{
    [Fact]
    public void An_impression_goes_through_its_json_unchanged_and_an_event_without_the_new_fields_still_reads()
    {
        var impression = new PageEvent("i1", "site", EventAction.Impression, "https://example.com/a", null, "reader",
            new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero), 0, null, "0123456789.related...", 5);

        var json = PageEventJson.Serialize(impression);
        var older = PageEventJson.Deserialize(Encoding.UTF8.GetBytes(
            "{\"id\":\"x\",\"site\":\"s\",\"action\":\"pageview\",\"url\":\"u\",\"referrer\":null,\"uuid\":\"r\",\"time\":\"2026-11-23T12:00:00Z\",\"engaged_seconds\":0,\"user_agent\":null}"));

        Assert.Equal(impression, PageEventJson.Deserialize(json));
        Assert.Contains("\"action\":\"impression\",", Encoding.UTF8.GetString(json));
        Assert.Contains("\"rec_id\":\"0123456789.related...\",\"items_shown\":5", Encoding.UTF8.GetString(json));
        Assert.Equal((null, 0, null), (older.RecId, older.ItemsShown, older.ItemUrls));
        // The items a box listed travel with it (compared apart: a record compares lists by reference).
        string[] shown = ["https://example.com/b", "https://example.com/c"];
        Assert.Equal(shown, PageEventJson.Deserialize(PageEventJson.Serialize(impression with { ItemUrls = shown })).ItemUrls);
    }
}
