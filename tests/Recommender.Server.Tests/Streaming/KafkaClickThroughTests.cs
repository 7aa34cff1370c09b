using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Recommender.Core.ClickThrough;
using Recommender.Server.Tests.Api;
using Recommender.Tests;

namespace Recommender.Server.Tests.Streaming;

/// <summary>
/// Click-through on the Kafka set-up, on librdkafka's mock cluster: the box's impression and the pageview by one of its
/// links travel through the events topic (their rec_id and items shown in the event's JSON) and reach the node's
/// click-through counts, as on the embedded queue (ClickThroughTests).
/// </summary>
public sealed class KafkaClickThroughTests
{
    const string Site = Catalogues.SampleSite;

    [Fact]
    public async Task An_impression_and_a_click_posted_to_a_kafka_node_show_in_ctr_at_the_clicked_position()
    {
        using var cluster = new KafkaMockCluster();
        using var data = new TempDirectory();
        Catalogues.Import(data.Path, Site, File.ReadLines(Catalogues.SamplePath));
        await using var node = await RunningServer.StartAsync(data.Path, cluster.Arguments("a"));
        var page = Catalogues.Sample()[0].Url;
        var answer = await node.Client.GetFromJsonAsync<JsonElement>($"/related?apikey={Site}&url={Uri.EscapeDataString(page)}&uuid=r1&limit=4");
        var recId = answer.GetProperty("rec_id").GetString()!;
        var items = answer.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("url").GetString()!).ToList();
        Assert.Equal("related", RecommendationId.Parse(recId)!.Strategy);
        Assert.Equal(4, items.Count);

        using var posted = await node.Client.PostAsJsonAsync("/events", new object[]
        {
            new { apikey = Site, action = "impression", url = page, uuid = "r1", rec_id = recId, items = 4 },
            new { apikey = Site, action = "pageview", url = $"{items[2]}?rec_id={recId}.3", uuid = "r1", referrer = page },
        });
        Assert.Equal(HttpStatusCode.Accepted, posted.StatusCode);

        // The events go through the topic and the node's consumer in the background: /ctr is read until the click is in.
        var strategies = await EventuallyAsync(
            () => node.Client.GetFromJsonAsync<JsonElement>($"/ctr?apikey={Site}"),
            ctr => ctr.GetProperty("data").GetProperty("strategies").EnumerateArray().Any(s => s.GetProperty("total").GetProperty("clicks").GetInt64() == 1));
        var related = Assert.Single(strategies.GetProperty("data").GetProperty("strategies").EnumerateArray());
        Assert.Equal("related", related.GetProperty("strategy").GetString());
        Assert.Equal((1, 1), Counts(related.GetProperty("total")));
        var positions = related.GetProperty("positions").EnumerateArray().ToDictionary(p => p.GetProperty("position").GetInt32(), p => p.GetProperty("rate"));
        Assert.Equal([1, 2, 3, 4], positions.Keys.Order());
        Assert.Equal((1, 1), Counts(positions[3]));
        Assert.All([1, 2, 4], p => Assert.Equal((1, 0), Counts(positions[p])));
    }

    static (long Impressions, long Clicks) Counts(JsonElement rate) =>
        (rate.GetProperty("impressions").GetInt64(), rate.GetProperty("clicks").GetInt64());

    /// <summary>The value <paramref name="read"/> gives once <paramref name="done"/> holds of it, failing after a minute (the mock cluster's group joins take seconds).</summary>
    static async Task<T> EventuallyAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddMinutes(1);
        while (true)
        {
            var value = await read();
            if (done(value)) return value;
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting until /ctr counts the click");
            await Task.Delay(100);
        }
    }
}
