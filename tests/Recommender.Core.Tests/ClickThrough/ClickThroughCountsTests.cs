using Recommender.Core.ClickThrough;
using Recommender.Core.Events;
using Recommender.Core.Experiments;
using Recommender.Core.Sites;

namespace Recommender.Core.Tests.ClickThrough;

public sealed class ClickThroughCountsTests : IDisposable
{
    const string Site = "news";
    const string Page = "https://news.example/b";
    static readonly DateTimeOffset Noon = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    static readonly DateOnly Today = DateOnly.FromDateTime(Noon.UtcDateTime);

    readonly string directory = Directory.CreateTempSubdirectory("click-through-").FullName;
    readonly SiteOptions site = new()
    {
        Experiments = new()
        {
            ["boxes"] = new SiteExperiment { Arms = new() { ["a"] = new ExperimentArm { Share = 0.5 }, ["b"] = new ExperimentArm { Share = 0.5 } } },
        },
    };
    int nextId;

    ClickThroughCounts Open() => new(directory, apikey => apikey == Site ? site : null);

    PageEvent Event(EventAction action, string reader, RecommendationId? id = null, int seconds = 0, int items = 0, TimeSpan after = default) =>
        new($"e{nextId++}", Site, action, Page, null, reader, Noon + after, seconds, null, id?.ToString(), items);

    [Fact]
    public void Clicks_count_at_their_position_with_the_clickers_engaged_seconds_once_each_and_survive_a_restart()
    {
        var arm = new ArmLabel("boxes", site.Experiments["boxes"].Version, "b");
        var answer = RecommendationId.ForAnswer("k", "related", arm);
        var impression = Event(EventAction.Impression, "r1", answer, items: 3);
        var click = Event(EventAction.Pageview, "r1", answer.At(2));
        using (var counts = Open())
        {
            counts.ProcessAsync([impression, click, Event(EventAction.Heartbeat, "r1", seconds: 10, after: TimeSpan.FromSeconds(10)),
                Event(EventAction.Heartbeat, "r2", seconds: 10), Event(EventAction.Heartbeat, "r1", seconds: 10, after: TimeSpan.FromHours(1))], default);
            // Redelivered: counted once.
            counts.ProcessAsync([impression, click], default);
        }

        using var reopened = Open();
        var rows = reopened.Read(Site, Today, Today);
        var whole = Assert.Single(rows, r => r.Position == 0);
        Assert.Equal(new ClickThroughRow("related", arm, 0, 1, 1, 10), whole);
        Assert.Equal(new ClickThroughRow("related", arm, 2, 1, 1, 10), Assert.Single(rows, r => r.Position == 2));
        Assert.Equal(new ClickThroughRow("related", arm, 3, 1, 0, 0), Assert.Single(rows, r => r.Position == 3));
        Assert.Equal(4, rows.Count);
    }

    [Fact]
    public void An_arm_the_configuration_does_not_have_counts_for_its_strategy_alone()
    {
        var forged = RecommendationId.ForAnswer("k", "search", new ArmLabel("boxes", "00000000", "a"));
        using var counts = Open();

        counts.ProcessAsync([Event(EventAction.Pageview, "r1", forged.At(1))], default);

        Assert.All(counts.Read(Site, Today, Today), row => Assert.Equal(("search", (ArmLabel?)null), (row.Strategy, row.Arm)));
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(directory, recursive: true);
    }
}
