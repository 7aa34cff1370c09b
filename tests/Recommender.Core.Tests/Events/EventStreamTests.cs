using System.Text;
using System.Text.Json;
using Recommender.Core.Events;

namespace Recommender.Core.Tests.Events;

public sealed class EventStreamTests
{
    static PageEvent Event(int n) => new($"id-{n}", "site", EventAction.Heartbeat, $"https://example.com/{n}", null, "reader",
        new DateTimeOffset(2026, 11, 23, 12, 0, n % 60, TimeSpan.Zero), 10, "Mozilla/5.0");

    [Fact]
    public void An_event_goes_through_its_json_unchanged_with_snake_case_names_and_the_action_as_a_word()
    {
        var pageEvent = Event(1) with { Action = EventAction.Pageview, Referrer = "https://www.google.com/", EngagedSeconds = 0 };

        var json = PageEventJson.Serialize(pageEvent);

        Assert.Equal(pageEvent, PageEventJson.Deserialize(json));
        var text = Encoding.UTF8.GetString(json);
        Assert.Contains("\"action\":\"pageview\"", text);
        Assert.Contains("\"engaged_seconds\":0", text);
        Assert.Contains("\"user_agent\":", text);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("null")]
    [InlineData("{\"id\":\"x\",\"site\":\"s\",\"action\":\"click\",\"url\":\"u\",\"uuid\":\"r\",\"time\":\"2026-11-23T12:00:00Z\",\"engaged_seconds\":0}")]
    [InlineData("{\"id\":null,\"site\":\"s\",\"action\":\"pageview\",\"url\":\"u\",\"uuid\":\"r\",\"time\":\"2026-11-23T12:00:00Z\",\"engaged_seconds\":0}")]
    [InlineData("not json")]
    public void Bytes_that_are_not_a_complete_event_are_refused(string json) =>
        Assert.ThrowsAny<JsonException>(() => PageEventJson.Deserialize(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public async Task The_channel_takes_a_batch_whole_or_not_at_all_and_gives_it_back_in_order()
    {
        var stream = new ChannelEventStream(capacity: 5);

        Assert.True(await stream.TryPublishAsync([Event(1), Event(2), Event(3)], default));
        Assert.False(await stream.TryPublishAsync([Event(4), Event(5), Event(6)], default));
        Assert.Equal(3, stream.Count);
        Assert.True(await stream.TryPublishAsync([Event(4), Event(5)], default));

        var first = await stream.ReadBatchAsync(4, default);
        Assert.Equal(["id-1", "id-2", "id-3", "id-4"], first.Select(e => e.Id));
        Assert.True(await stream.TryPublishAsync([Event(6), Event(7), Event(8)], default));
        var rest = await stream.ReadBatchAsync(100, default);
        Assert.Equal(["id-5", "id-6", "id-7", "id-8"], rest.Select(e => e.Id));
        Assert.Equal(0, stream.Count);
    }

    [Fact]
    public async Task A_reader_waits_for_the_next_event()
    {
        var stream = new ChannelEventStream(capacity: 5);
        var read = stream.ReadBatchAsync(10, default).AsTask();
        Assert.False(read.IsCompleted);

        await stream.TryPublishAsync([Event(1)], default);

        Assert.Equal("id-1", Assert.Single(await read.WaitAsync(TimeSpan.FromSeconds(5))).Id);
    }

    [Fact]
    public void Recent_ids_recognise_a_repeat_and_forget_the_oldest_beyond_their_capacity()
    {
        var ids = new RecentEventIds(capacity: 2);

        Assert.True(ids.Add("news", "a"));
        Assert.False(ids.Add("news", "a"));
        Assert.True(ids.Add("news", "b"));
        Assert.True(ids.Add("news", "c"));
        Assert.True(ids.Add("news", "a"));
        Assert.False(ids.Add("news", "c"));
        Assert.True(ids.Add("sport", "c"));
    }
}
