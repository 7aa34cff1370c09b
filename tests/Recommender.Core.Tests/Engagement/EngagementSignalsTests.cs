using Microsoft.Extensions.Time.Testing;
using Recommender.Core.Engagement;
using Recommender.Core.Events;
using Recommender.Core.Recommendations;
using Recommender.Core.Sites;

namespace Recommender.Core.Tests.Engagement;

public sealed class EngagementSignalsTests : IDisposable
{
    const string Site = "news";
    const string Page = "https://news.example/a";
    const string Other = "https://news.example/b";

    static readonly SiteOptions NewsSite = new() { AllowedHosts = ["news.example", "www.news.example"] };

    readonly string directory = Directory.CreateTempSubdirectory("engagement-").FullName;
    readonly FakeTimeProvider clock = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));
    EngagementSignals signals;
    int nextId;

    public EngagementSignalsTests() => signals = Open();

    EngagementSignals Open() => new(directory, site => site == Site ? NewsSite : null, clock);

    PageEvent View(string url, string reader, string? referrer = null) =>
        new($"e{nextId++}", Site, EventAction.Pageview, url, referrer, reader, clock.GetUtcNow(), 0, null);

    PageEvent Heartbeat(string url, string reader, int seconds) =>
        new($"e{nextId++}", Site, EventAction.Heartbeat, url, null, reader, clock.GetUtcNow(), seconds, null);

    [Fact]
    public async Task A_page_counts_views_readers_heartbeats_engaged_time_and_referrals_by_class()
    {
        await signals.ProcessAsync(
        [
            View(Page, "r1"), View(Page, "r1", "https://www.google.co.uk/search?q=a"), View(Page, "r2", "https://t.co/xyz"),
            View(Page, "r3", "https://www.news.example/home"), View(Page, "r3", "https://blog.elsewhere.org/post"),
            Heartbeat(Page, "r1", 10), Heartbeat(Page, "r1", 10), Heartbeat(Page, "r2", 4), View(Other, "r9"),
        ], default);

        var day = signals.Get(Site, Page, EngagementWindow.LastDay);
        Assert.Equal(5, day.Views);
        Assert.Equal(3, day.UniqueReaders, precision: 0);
        Assert.Equal(3, day.Heartbeats);
        Assert.Equal(24, day.EngagedSeconds);
        Assert.Equal(1, day.Referrals[ReferralClass.Direct]);
        Assert.Equal(1, day.Referrals[ReferralClass.Search]);
        Assert.Equal(1, day.Referrals[ReferralClass.Social]);
        Assert.Equal(1, day.Referrals[ReferralClass.Internal]);
        Assert.Equal(1, day.Referrals[ReferralClass.Other]);
        Assert.Equal(1, signals.Signal(Site, Page, Boost.SocialReferrals, EngagementWindow.LastDay));
        Assert.Equal(24, signals.Signal(Site, Page, Boost.EngagedTime, EngagementWindow.LastDay));
        Assert.Equal(UrlEngagement.None, signals.Get(Site, "https://news.example/never", EngagementWindow.LastDay));
        Assert.Equal(0, signals.Get("other-site", Page, EngagementWindow.LastDay).Views);
    }

    [Fact]
    public async Task A_redelivered_event_counts_once_even_after_a_restart()
    {
        var batch = new[] { View(Page, "r1"), Heartbeat(Page, "r1", 10) };
        await signals.ProcessAsync(batch, default);
        await signals.ProcessAsync(batch, default);
        signals.Dispose();
        signals = Open();
        await signals.ProcessAsync(batch, default);

        var day = signals.Get(Site, Page, EngagementWindow.LastDay);
        Assert.Equal(1, day.Views);
        Assert.Equal(10, day.EngagedSeconds);
    }

    [Fact]
    public async Task Signals_survive_a_restart()
    {
        await signals.ProcessAsync([View(Page, "r1", "https://duckduckgo.com/"), View(Page, "r2"), Heartbeat(Page, "r2", 7)], default);
        var before = signals.Get(Site, Page, EngagementWindow.LastWeek);
        signals.Dispose();

        signals = Open();

        var after = signals.Get(Site, Page, EngagementWindow.LastWeek);
        Assert.Equal(before.Views, after.Views);
        Assert.Equal(before.UniqueReaders, after.UniqueReaders);
        Assert.Equal(before.EngagedSeconds, after.EngagedSeconds);
        Assert.Equal(before.Referrals, after.Referrals);
    }

    [Fact]
    public async Task Views_leave_the_hour_then_the_day_then_the_week()
    {
        await signals.ProcessAsync([View(Page, "r1"), View(Page, "r2")], default);

        clock.Advance(TimeSpan.FromMinutes(90));
        Assert.Equal(1, signals.Get(Site, Page, EngagementWindow.LastHour).Views, precision: 6);
        Assert.Equal(2, signals.Get(Site, Page, EngagementWindow.LastDay).Views);

        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(0, signals.Get(Site, Page, EngagementWindow.LastHour).Views);
        Assert.Equal(2, signals.Get(Site, Page, EngagementWindow.LastDay).Views);

        clock.Advance(TimeSpan.FromDays(2));
        Assert.Equal(0, signals.Get(Site, Page, EngagementWindow.LastDay).Views);
        Assert.Equal(2, signals.Get(Site, Page, EngagementWindow.LastWeek).Views);

        clock.Advance(TimeSpan.FromDays(6));
        await signals.ProcessAsync([View(Other, "r3")], default);
        Assert.Equal(0, signals.Get(Site, Page, EngagementWindow.LastWeek).Views);
    }

    [Fact]
    public async Task Events_older_than_the_week_are_not_counted()
    {
        var old = View(Page, "r1") with { Time = clock.GetUtcNow().AddDays(-8) };

        await signals.ProcessAsync([old], default);

        Assert.Equal(0, signals.Get(Site, Page, EngagementWindow.LastWeek).Views);
    }

    [Fact]
    public async Task Trending_ranks_pages_by_views_of_the_last_hour_above_their_hourly_average_of_the_day()
    {
        // A steady page: 2 views an hour all day, one more this hour; a new page: 6 views this hour.
        const string Steady = "https://news.example/steady";
        const string Rising = "https://news.example/rising";
        for (var hour = 0; hour < 23; hour++)
        {
            await signals.ProcessAsync([View(Steady, "s1"), View(Steady, "s2")], default);
            clock.Advance(TimeSpan.FromHours(1));
        }
        await signals.ProcessAsync([View(Steady, "s3"), View(Steady, "s4"), View(Steady, "s5"), .. Enumerable.Range(0, 6).Select(i => View(Rising, $"n{i}"))], default);

        var trending = signals.Trending(Site, 10);

        Assert.Equal([Rising, Steady], trending.Select(t => t.Url));
        Assert.Equal(6, trending[0].ViewsLastHour, precision: 6);
        Assert.True(trending[0].Score > trending[1].Score);
        Assert.Empty(signals.Trending("other-site", 10));
    }

    [Fact]
    public async Task Two_thousand_views_from_one_reader_rank_below_a_page_read_by_fifty_readers()
    {
        const string Scripted = "https://news.example/scripted";
        const string FewReaders = "https://news.example/few";
        const string Read = "https://news.example/read";
        await signals.ProcessAsync(
        [
            .. Enumerable.Range(0, 2_000).Select(_ => View(Scripted, "bot")),
            .. Enumerable.Range(0, 2_000).Select(i => View(FewReaders, $"bot-{i % 5}")),
            .. Enumerable.Range(0, 50).Select(i => View(Read, $"reader-{i}")),
        ], default);

        Assert.Equal([Read, FewReaders, Scripted], signals.MostViewed(Site, 10).Select(page => page.Url));
        Assert.Equal([Read, FewReaders, Scripted], signals.Trending(Site, 10).Select(page => page.Url));
        Assert.True(signals.Signal(Site, Read, Boost.Views, EngagementWindow.LastDay) > signals.Signal(Site, FewReaders, Boost.Views, EngagementWindow.LastDay));
        var scripted = signals.Get(Site, Scripted, EngagementWindow.LastDay);
        Assert.Equal(2_000, scripted.Views);
        Assert.Equal(1, scripted.RankedViews, precision: 6);
        Assert.Equal(5, signals.Get(Site, FewReaders, EngagementWindow.LastDay).RankedViews, precision: 0);
    }

    [Fact]
    public async Task A_reader_counts_once_an_hour_for_ranking_and_again_the_next_hour()
    {
        await signals.ProcessAsync([View(Page, "r1"), View(Page, "r1"), View(Page, "r1")], default);
        clock.Advance(TimeSpan.FromHours(1));
        await signals.ProcessAsync([View(Page, "r1"), View(Page, "r1")], default);

        var day = signals.Get(Site, Page, EngagementWindow.LastDay);
        Assert.Equal(5, day.Views);
        Assert.Equal(2, day.RankedViews, precision: 6);
        Assert.Equal(2, Assert.Single(signals.MostViewed(Site, 10)).Views, precision: 6);
    }

    [Fact]
    public async Task The_top_lists_follow_the_windows_as_they_slide_with_no_events()
    {
        await signals.ProcessAsync([View(Page, "r1"), View(Page, "r2")], default);
        Assert.Equal([Page], signals.Trending(Site, 10).Select(page => page.Url));

        clock.Advance(TimeSpan.FromHours(2));
        Assert.Empty(signals.Trending(Site, 10));
        Assert.Equal([Page], signals.MostViewed(Site, 10).Select(page => page.Url));

        clock.Advance(TimeSpan.FromHours(23));
        Assert.Empty(signals.MostViewed(Site, 10));
    }

    [Fact]
    public async Task Readers_see_each_batch_whole_while_the_consumer_writes()
    {
        const int Batches = 200;
        const int PerBatch = 10;
        var seen = new List<double>();
        using var written = new CancellationTokenSource();
        var reading = Task.Run(() =>
        {
            while (!written.IsCancellationRequested)
            {
                // The list first: a later snapshot has no fewer views.
                var listed = signals.MostViewed(Site, 1).Select(page => page.Views).DefaultIfEmpty(0).Single();
                var views = signals.Get(Site, Page, EngagementWindow.LastHour).Views;
                seen.Add(views);
                Assert.True(listed <= views, $"the list has {listed} views where the page has {views}");
            }
        });
        for (var batch = 0; batch < Batches; batch++)
            await signals.ProcessAsync([.. Enumerable.Range(0, PerBatch).Select(i => View(Page, $"r{batch}-{i}"))], default);
        await written.CancelAsync();
        await reading;

        Assert.All(seen, views => Assert.Equal(0, views % PerBatch));
        Assert.Equal(seen.Order(), seen);
        Assert.Equal(Batches * PerBatch, signals.Get(Site, Page, EngagementWindow.LastHour).Views);
    }

    [Fact]
    public void Unique_readers_are_estimated_within_a_few_percent()
    {
        var counter = new HyperLogLog();
        for (var i = 0; i < 20_000; i++) counter.Add($"reader-{i}");
        for (var i = 0; i < 20_000; i++) counter.Add($"reader-{i}");

        Assert.InRange(counter.Estimate(), 20_000 * 0.9, 20_000 * 1.1);
        Assert.InRange(new HyperLogLog(counter.ToArray()).Estimate(), 20_000 * 0.9, 20_000 * 1.1);
        Assert.Equal(0, new HyperLogLog().Estimate());
    }

    [Fact]
    public void A_counter_of_few_readers_holds_two_bytes_a_reader_and_never_more_than_the_dense_registers()
    {
        var few = new HyperLogLog();
        for (var i = 0; i < 10; i++) few.Add($"reader-{i}");
        var many = new HyperLogLog();
        for (var i = 0; i < 10_000; i++) many.Add($"reader-{i}");

        Assert.InRange(few.Bytes, 2, 20);
        Assert.Equal(HyperLogLog.Size, many.Bytes);
        Assert.InRange(few.Estimate(), 9.5, 10.5);
        Assert.Equal(few.Estimate(), new HyperLogLog(few.ToArray()).Estimate());
        Assert.Equal(many.ToArray(), new HyperLogLog(many.ToArray()).ToArray());
    }

    [Fact]
    public void Unions_of_sparse_and_dense_counters_equal_one_counter_of_every_reader()
    {
        var all = new HyperLogLog();
        var sparse = new HyperLogLog();
        var dense = new HyperLogLog();
        for (var i = 0; i < 30; i++)
        {
            sparse.Add($"reader-{i}");
            all.Add($"reader-{i}");
        }
        for (var i = 1_000; i < 6_000; i++)
        {
            dense.Add($"reader-{i}");
            all.Add($"reader-{i}");
        }

        var sparseIntoDense = dense.Copy();
        sparseIntoDense.UnionWith(sparse);
        var denseIntoSparse = sparse.Copy();
        denseIntoSparse.UnionWith(dense);
        var sparseIntoSparse = new HyperLogLog();
        sparseIntoSparse.UnionWith(sparse);

        Assert.Equal(all.ToArray(), sparseIntoDense.ToArray());
        Assert.Equal(all.ToArray(), denseIntoSparse.ToArray());
        Assert.Equal(sparse.ToArray(), sparseIntoSparse.ToArray());
        Assert.Equal(sparse.Bytes, sparseIntoSparse.Bytes);
    }

    [Theory]
    [InlineData(null, ReferralClass.Direct)]
    [InlineData("", ReferralClass.Direct)]
    [InlineData("not a url", ReferralClass.Direct)]
    [InlineData("https://news.example/other", ReferralClass.Internal)]
    [InlineData("https://www.news.example/", ReferralClass.Internal)]
    [InlineData("https://www.google.com/", ReferralClass.Search)]
    [InlineData("https://www.bing.com/search?q=x", ReferralClass.Search)]
    [InlineData("https://m.facebook.com/", ReferralClass.Social)]
    [InlineData("https://t.co/abc", ReferralClass.Social)]
    [InlineData("https://news.ycombinator.com/item?id=1", ReferralClass.Social)]
    [InlineData("https://googleblog.example/", ReferralClass.Other)]
    [InlineData("https://xt.co/", ReferralClass.Other)]
    public void Referrers_are_classed_by_host(string? referrer, ReferralClass expected) =>
        Assert.Equal(expected, Referrals.Classify(referrer, Page, NewsSite));

    public void Dispose()
    {
        signals.Dispose();
        Directory.Delete(directory, recursive: true);
    }
}
